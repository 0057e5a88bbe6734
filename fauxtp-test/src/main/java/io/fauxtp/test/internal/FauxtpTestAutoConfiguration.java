package io.fauxtp.test.internal;

import io.fauxtp.effect.Handlers;
import io.fauxtp.process.Node;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.workflow.FauxtpWorkflowAutoConfiguration;
import io.fauxtp.spring.workflow.WorkflowDatabase;
import io.fauxtp.test.EffectRecorder;
import io.fauxtp.test.FauxtpTest;
import io.fauxtp.test.ProcessTester;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What {@link FauxtpTest} adds to a test context. Ordered before the workflow auto-configuration, whose store
 * backs off from the private database defined here.
 */
@AutoConfiguration(before = FauxtpWorkflowAutoConfiguration.class, after = FauxtpAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "fauxtp.enabled", matchIfMissing = true)
public final class FauxtpTestAutoConfiguration {

    FauxtpTestAutoConfiguration() {
    }

    @Bean
    @ConditionalOnBean(Node.class)
    ProcessTester fauxtpProcessTester(Node node) {
        return new ProcessTester(node);
    }

    /** The workflow part: a private store per context, recorded effects, the workflow tester. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "fauxtp.workflow.enabled", matchIfMissing = true)
    static class Workflows {

        /**
         * An H2 database in memory with a name no other context has, instead of the development file or the
         * application's DataSource: the workflow auto-configuration's store is built on it.
         */
        @Bean(destroyMethod = "close")
        WorkflowDatabase fauxtpTestWorkflowDatabase() {
            String url = "jdbc:h2:mem:fauxtp-test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
            return WorkflowDatabase.owned(pool, "in-memory H2 " + url + " (@FauxtpTest)", () -> {
                try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN");
                }
                pool.dispose();
            });
        }

        @Bean
        EffectRecorder fauxtpEffectRecorder() {
            return new EffectRecorder();
        }

        /** Wraps the engine's effect handlers so the recorder sees (and may fake) every call. */
        @Bean
        static BeanPostProcessor fauxtpRecordingHandlers(ObjectProvider<EffectRecorder> recorder) {
            return new BeanPostProcessor() {

                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return (bean instanceof Handlers handlers) ? recorder.getObject().recording(handlers) : bean;
                }

            };
        }

    }

}
