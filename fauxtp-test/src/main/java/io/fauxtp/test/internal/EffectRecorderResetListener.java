package io.fauxtp.test.internal;

import io.fauxtp.test.EffectRecorder;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Resets the {@link EffectRecorder} of a test's context after each test method, so a fake or a recorded call of
 * one test never reaches the next one sharing the context (as Spring Boot resets its mocks).
 */
public final class EffectRecorderResetListener implements TestExecutionListener, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }

    @Override
    public void afterTestMethod(TestContext testContext) {
        if (testContext.hasApplicationContext()) {
            ApplicationContext context = testContext.getApplicationContext();
            context.getBeanProvider(EffectRecorder.class).ifAvailable(EffectRecorder::reset);
        }
    }

}
