package io.fauxtp.spring.workflow;

import io.fauxtp.workflow.WorkflowEngine;

/**
 * Adjusts the auto-configured {@link WorkflowEngine} before it is built: retry policies, extra workflows or
 * handlers, run ids. Declare it as a bean; every one is applied in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * WorkflowEngineCustomizer paymentRetries() {
 *     return builder -> builder.retry(Payments.class, RetryPolicy.exponential(5, Duration.ofSeconds(1), Duration.ofMinutes(1)));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface WorkflowEngineCustomizer {

    /**
     * Customizes the engine.
     * @param builder the builder, with the {@code @Workflow} beans, the effect handler beans and the clock set
     */
    void customize(WorkflowEngine.Builder builder);

}
