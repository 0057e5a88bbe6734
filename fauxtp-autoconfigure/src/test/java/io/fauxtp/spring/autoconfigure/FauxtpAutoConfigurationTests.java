package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.process.Registry;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.ServerRef;
import io.fauxtp.spring.SupervisorTree;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.NotAGenServerException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.SupervisorCycleException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.UnknownGenServerException;
import io.fauxtp.supervisor.Supervisor;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;

class FauxtpAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                    FauxtpSupervisionAutoConfiguration.class));

    private static final String[] ECHO_TREE = {
            "fauxtp.supervisors.echoes.children[0].name=echo-a",
            "fauxtp.supervisors.echoes.children[0].gen-server=echo",
            "fauxtp.supervisors.echoes.children[0].args.prefix=a:",
            "fauxtp.supervisors.echoes.children[1].gen-server=echo",
            "fauxtp.supervisors.top.children[0].supervisor=echoes",
            "fauxtp.supervisors.top.children[1].name=echo-b",
            "fauxtp.supervisors.top.children[1].gen-server=echo" };

    @Test
    void providesTheNodeItsRegistryAndATemplate() {
        this.runner.run(context -> {
            assertThat(context).hasSingleBean(Node.class).hasSingleBean(Registry.class)
                    .hasSingleBean(FauxtpTemplate.class).hasSingleBean(SupervisionModel.class)
                    .hasSingleBean(FauxtpLifecycle.class);
            Node node = context.getBean(Node.class);
            assertThat(node.name()).isEqualTo("fauxtp");
            assertThat(context.getBean(Registry.class)).isSameAs(node.registry());
            assertThat(context.getBean(FauxtpTemplate.class).node()).isSameAs(node);
            assertThat(context.getBean(FauxtpTemplate.class).callTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(context.getBean(SupervisionModel.class).supervisors()).isEmpty();
        });
    }

    @Test
    void nodeNameAndCallTimeoutComeFromProperties() {
        this.runner.withPropertyValues("fauxtp.node-name=orders", "fauxtp.call-timeout=750ms").run(context -> {
            assertThat(context.getBean(Node.class).name()).isEqualTo("orders");
            assertThat(context.getBean(FauxtpTemplate.class).callTimeout()).isEqualTo(Duration.ofMillis(750));
        });
    }

    @Test
    void theNodeIsClosedWithTheContext() {
        AtomicReference<Node> node = new AtomicReference<>();
        this.runner.run(context -> node.set(context.getBean(Node.class)));
        assertThat(node.get().isClosed()).isTrue();
    }

    @Test
    void fauxtpEnabledFalseSwitchesEverythingOff() {
        this.runner.withPropertyValues("fauxtp.enabled=false").withPropertyValues(ECHO_TREE)
                .withUserConfiguration(EchoConfiguration.class)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Node.class)
                        .doesNotHaveBean(Registry.class).doesNotHaveBean(FauxtpTemplate.class)
                        .doesNotHaveBean(FauxtpLifecycle.class).doesNotHaveBean(SupervisionModel.class)
                        .doesNotHaveBean(ServerRef.class).doesNotHaveBean(SupervisorTree.class)
                        .doesNotHaveBean(FauxtpProperties.class));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void fauxtpEnabledFalseSaysSoInTheLog(CapturedOutput output) {
        this.runner.withConfiguration(AutoConfigurations.of(FauxtpDisabledAutoConfiguration.class))
                .withPropertyValues("fauxtp.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Node.class));
        assertThat(output).contains("fauxtp is disabled (fauxtp.enabled=false)");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void enabledFauxtpSaysNothingAboutBeingDisabled(CapturedOutput output) {
        this.runner.withConfiguration(AutoConfigurations.of(FauxtpDisabledAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Node.class));
        assertThat(output).doesNotContain("fauxtp is disabled");
    }

    @Test
    void backsOffWithoutTheCoreRuntimeOnTheClassPath() {
        this.runner.withClassLoader(new FilteredClassLoader(Node.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FauxtpTemplate.class)
                        .doesNotHaveBean(FauxtpLifecycle.class));
    }

    @Test
    void withoutSupervisorsOnTheClassPathOnlyTheRuntimeIsConfigured() {
        this.runner.withClassLoader(new FilteredClassLoader(Supervisor.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(Node.class)
                        .hasSingleBean(FauxtpTemplate.class).doesNotHaveBean(FauxtpLifecycle.class)
                        .doesNotHaveBean(SupervisionModel.class));
    }

    @Test
    void userBeansReplaceTheDefaults() {
        this.runner.withUserConfiguration(UserBeans.class).run(context -> {
            assertThat(context).hasSingleBean(Node.class).hasSingleBean(FauxtpTemplate.class);
            assertThat(context.getBean(Node.class).name()).isEqualTo("mine");
            assertThat(context.getBean(FauxtpTemplate.class).callTimeout()).isEqualTo(Duration.ofSeconds(1));
            assertThat(context.getBean(Registry.class)).isSameAs(context.getBean(Node.class).registry());
        });
    }

    @Test
    void eachNamedChildIsAServerRefBeanAndEachSupervisorATreeBean() {
        this.runner.withUserConfiguration(EchoConfiguration.class).withPropertyValues(ECHO_TREE).run(context -> {
            assertThat(context.getBeansOfType(ServerRef.class)).containsOnlyKeys("fauxtp.server.echo-a",
                    "fauxtp.server.echo-b");
            assertThat(context.getBeansOfType(SupervisorTree.class)).containsOnlyKeys("fauxtp.supervisor.echoes",
                    "fauxtp.supervisor.top");
            Injected injected = context.getBean(Injected.class);
            assertThat(injected.a.name()).isEqualTo("echo-a");
            assertThat(injected.b.name()).isEqualTo("echo-b");
            assertThat(injected.top.isRoot()).isTrue();
            assertThat(injected.echoes.isRoot()).isFalse();
        });
    }

    @Test
    void startsTheRootTreesAfterRefreshAndStopsThemOnClose() {
        AtomicReference<Node> node = new AtomicReference<>();
        this.runner.withUserConfiguration(EchoConfiguration.class).withPropertyValues(ECHO_TREE).run(context -> {
            node.set(context.getBean(Node.class));
            FauxtpLifecycle lifecycle = context.getBean(FauxtpLifecycle.class);
            assertThat(lifecycle.isRunning()).isTrue();
            assertThat(lifecycle.runningTrees()).containsExactly("top");
            Injected injected = context.getBean(Injected.class);
            assertThat(injected.a.call("hi", String.class)).isEqualTo("a:hi");
            assertThat(injected.b.call("hi", String.class)).isEqualTo("hi");
            assertThat(injected.top.pid()).isPresent();
            assertThat(injected.echoes.pid()).isPresent();
            assertThat(node.get().registry().registeredNames()).contains("top", "echoes", "echo-a", "echo-b");

            lifecycle.stop();
            assertThat(lifecycle.isRunning()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> node.get().processCount() == 0);
            assertThat(injected.a.whereis()).isEmpty();
        });
        assertThat(node.get().isClosed()).isTrue();
    }

    @Test
    void anUnknownGenServerBeanFailsTheStartListingTheGenServerBeans() {
        this.runner.withUserConfiguration(EchoConfiguration.class)
                .withPropertyValues("fauxtp.supervisors.s.children[0].gen-server=ecko")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().isInstanceOfSatisfying(UnknownGenServerException.class, e -> {
                            assertThat(e.beanName()).isEqualTo("ecko");
                            assertThat(e.available()).containsExactly("echo");
                            assertThat(e.property()).isEqualTo("fauxtp.supervisors.s.children[0].gen-server");
                        }));
    }

    @Test
    void aBeanThatIsNotAGenServerFailsTheStart() {
        this.runner.withUserConfiguration(EchoConfiguration.class)
                .withPropertyValues("fauxtp.supervisors.s.children[0].gen-server=notAServer")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().isInstanceOfSatisfying(NotAGenServerException.class,
                                e -> assertThat(e.actualType()).isEqualTo(StringBuilder.class.getName())));
    }

    @Test
    void aStructuralMistakeFailsBeforeAnyBeanIsCreated() {
        this.runner.withUserConfiguration(EchoConfiguration.class)
                .withPropertyValues("fauxtp.supervisors.a.children[0].supervisor=b",
                        "fauxtp.supervisors.b.children[0].supervisor=a")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .isInstanceOf(SupervisorCycleException.class));
    }

    @Test
    void aBeanDefinitionWithTheSameNameReplacesTheGeneratedReference() {
        this.runner.withUserConfiguration(EchoConfiguration.class, OwnReference.class).withPropertyValues(ECHO_TREE)
                .run(context -> assertThat(context.getBean("fauxtp.server.echo-a", ServerRef.class).name())
                        .isEqualTo("replaced"));
    }

    @Test
    void stopsAfterTheWebServerAndBeforeTheExecutors() {
        this.runner.run(context -> {
            int phase = context.getBean(FauxtpLifecycle.class).getPhase();
            assertThat(phase).isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
                    .isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
                    .isGreaterThan(ExecutorConfigurationSupport.DEFAULT_PHASE);
        });
    }

    /** Replies to every call with the request prefixed by its init argument 'prefix'. */
    @io.fauxtp.spring.GenServer("echo")
    static class Echo implements GenServer<String> {

        @Override
        public String init(Object args) {
            return args instanceof java.util.Map<?, ?> yml && yml.get("prefix") instanceof String prefix ? prefix : "";
        }

        @Override
        public CallResult<String> handleCall(Object request, From from, String prefix) {
            return CallResult.reply(prefix + request, prefix);
        }

    }

    static class Injected {

        final ServerRef a;

        final ServerRef b;

        final SupervisorTree top;

        final SupervisorTree echoes;

        Injected(@Qualifier("echo-a") ServerRef a, @Qualifier("echo-b") ServerRef b,
                @Qualifier("top") SupervisorTree top, @Qualifier("echoes") SupervisorTree echoes) {
            this.a = a;
            this.b = b;
            this.top = top;
            this.echoes = echoes;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class EchoConfiguration {

        @Bean
        Echo echo() {
            return new Echo();
        }

        @Bean
        StringBuilder notAServer() {
            return new StringBuilder();
        }

        @Bean
        @org.springframework.context.annotation.Lazy
        Injected injected(@Qualifier("echo-a") ServerRef a, @Qualifier("echo-b") ServerRef b,
                @Qualifier("top") SupervisorTree top, @Qualifier("echoes") SupervisorTree echoes) {
            return new Injected(a, b, top, echoes);
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {

        @Bean(destroyMethod = "close")
        Node myNode() {
            return Node.create("mine");
        }

        @Bean
        FauxtpTemplate myTemplate(Node node) {
            return new FauxtpTemplate(node, Duration.ofSeconds(1));
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class OwnReference {

        @Bean("fauxtp.server.echo-a")
        ServerRef replacedReference(FauxtpTemplate template) {
            return new ServerRef("replaced", template);
        }

    }

}
