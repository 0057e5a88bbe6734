package io.fauxtp.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.autoconfigure.FauxtpAutoConfiguration;
import io.fauxtp.spring.autoconfigure.FauxtpSupervisionAutoConfiguration;
import io.fauxtp.spring.autoconfigure.observation.FauxtpObservationAutoConfiguration;
import io.fauxtp.spring.workflow.WorkflowEngineCustomizer;
import io.fauxtp.workflow.WorkflowDefinition;
import io.fauxtp.workflow.WorkflowEngine;
import io.fauxtp.workflow.WorkflowSpec;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Observations switch on with an {@link ObservationRegistry} bean, and take the application's convention. */
class FauxtpObservationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                    FauxtpSupervisionAutoConfiguration.class, FauxtpObservationAutoConfiguration.class))
            .withBean("echo", GenServer.class, () -> (GenServer<String>) args -> "")
            .withPropertyValues("fauxtp.supervisors.tree.children[0].name=echo",
                    "fauxtp.supervisors.tree.children[0].gen-server=echo");

    @Test
    void noRegistryNoObservations() {
        this.runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(GenServerObservations.class)
                .doesNotHaveBean(SupervisorRestartObservations.class).doesNotHaveBean(WorkflowObservations.class)
                .doesNotHaveBean(WorkflowEngineCustomizer.class));
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withClassLoader(new FilteredClassLoader("io.micrometer.context"))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(GenServerObservations.class)
                        .doesNotHaveBean(SupervisorRestartObservations.class)
                        .doesNotHaveBean(WorkflowObservations.class));
    }

    /** Reads a team key value from a restart, a workflow step and an effect call, through the defaults. */
    @Test
    void theApplicationsRestartStepAndEffectConventionsReplaceTheDefaults() {
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withBean(SupervisorRestartObservationConvention.class,
                        () -> new DefaultSupervisorRestartObservationConvention() {

                            @Override
                            public KeyValues getLowCardinalityKeyValues(SupervisorRestartContext context) {
                                return super.getLowCardinalityKeyValues(context).and("team", "restarts");
                            }

                        })
                .withBean(WorkflowStepObservationConvention.class, () -> new DefaultWorkflowStepObservationConvention() {

                    @Override
                    public KeyValues getLowCardinalityKeyValues(WorkflowStepContext context) {
                        return super.getLowCardinalityKeyValues(context).and("team", "steps");
                    }

                })
                .withBean(EffectCallObservationConvention.class, () -> new DefaultEffectCallObservationConvention() {

                    @Override
                    public KeyValues getLowCardinalityKeyValues(EffectCallContext context) {
                        return super.getLowCardinalityKeyValues(context).and("team", "effects");
                    }

                })
                .run(context -> {
                    TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
                    Node node = context.getBean(Node.class);
                    Pid echo = node.registry().whereis("echo").orElseThrow();
                    node.exit(echo, ExitReason.KILL);
                    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> TestObservationRegistryAssert
                            .assertThat(registry).hasAnObservation(o -> o.hasLowCardinalityKeyValue("team", "restarts")
                                    .hasLowCardinalityKeyValue("fauxtp.supervisor", "tree")));

                    WorkflowEngine.Builder builder = WorkflowEngine.builder()
                            .register(WorkflowSpec.of("greet", 1, (WorkflowDefinition<String, String>) (ctx,
                                    name) -> ctx.effect(Greeter.class).greet(name)))
                            .handler(EffectHandler.of("greeter", Greeter.class, name -> "hello " + name));
                    context.getBean(WorkflowEngineCustomizer.class).customize(builder);
                    WorkflowEngine engine = builder.build();
                    assertThat(engine.start("greet", "ann").result()).isEqualTo("hello ann");
                    TestObservationRegistryAssert.assertThat(registry)
                            .hasAnObservation(o -> o.hasLowCardinalityKeyValue("team", "steps")
                                    .hasLowCardinalityKeyValue("fauxtp.workflow", "greet"))
                            .hasAnObservation(o -> o.hasLowCardinalityKeyValue("team", "effects")
                                    .hasLowCardinalityKeyValue("fauxtp.effect.handler", "greeter"));
                });
    }

    /** An effect. */
    interface Greeter {

        String greet(String name);

    }

    @Test
    void theApplicationsConventionReplacesTheDefault() {
        this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
                .withBean(GenServerObservationConvention.class, () -> new DefaultGenServerObservationConvention() {

                    @Override
                    public KeyValues getLowCardinalityKeyValues(GenServerRequestContext context) {
                        return super.getLowCardinalityKeyValues(context).and("team", "payments");
                    }

                })
                .run(context -> {
                    assertThat(context).hasSingleBean(GenServerObservations.class);
                    try {
                        GenServer.call(context.getBean(Node.class), "echo", "hello");
                    }
                    catch (RuntimeException expected) {
                        // the lambda server does not answer calls: it crashes; observed all the same
                    }
                    TestObservationRegistryAssert.assertThat(context.getBean(TestObservationRegistry.class))
                            .hasAnObservation(o -> o.hasLowCardinalityKeyValue("team", "payments")
                                    .hasLowCardinalityKeyValue("fauxtp.server", "echo"));
                });
    }

}
