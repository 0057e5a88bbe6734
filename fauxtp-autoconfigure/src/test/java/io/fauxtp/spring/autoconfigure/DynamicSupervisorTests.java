package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.DynamicSupervisorRef;
import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.ServerRef;
import io.fauxtp.spring.SupervisorTree;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.InvalidValueException;
import io.fauxtp.spring.autoconfigure.SupervisionConfigurationException.UnknownGenServerException;
import io.fauxtp.supervisor.ChildInfo;
import io.fauxtp.supervisor.ChildStartException;
import io.fauxtp.supervisor.Restart;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Dynamic supervisors declared in configuration, and their children started from Spring code at run time. */
class DynamicSupervisorTests {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                    FauxtpSupervisionAutoConfiguration.class))
            .withUserConfiguration(WarehouseConfiguration.class)
            .withPropertyValues("fauxtp.supervisors.warehouses.dynamic=true",
                    "fauxtp.supervisors.warehouses.template.gen-server=warehouse",
                    "fauxtp.supervisors.warehouses.template.args.capacity=100");

    @Test
    void aDynamicSupervisorStartsEmptyAndIsADynamicSupervisorRefBean() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBeansOfType(DynamicSupervisorRef.class))
                    .containsOnlyKeys("fauxtp.dynamic-supervisor.warehouses");
            DynamicSupervisorRef warehouses = context.getBean(Injected.class).warehouses;
            assertThat(warehouses.name()).isEqualTo("warehouses");
            assertThat(warehouses.pid()).isPresent();
            assertThat(warehouses.children()).isEmpty();
            assertThat(context.getBean(SupervisionModel.class).supervisor("warehouses").orElseThrow().dynamic())
                    .isTrue();
        });
    }

    @Test
    void startsFindsAndStopsNamedChildrenWithTheirOwnArguments() {
        this.runner.run(context -> {
            DynamicSupervisorRef warehouses = context.getBean(Injected.class).warehouses;
            ServerRef north = warehouses.startChild("north", Map.of("capacity", "500"));
            ServerRef south = warehouses.startChild("south", null);

            assertThat(north.call("capacity", String.class)).isEqualTo("500");
            assertThat(south.call("capacity", String.class)).as("the template's args").isEqualTo("100");
            assertThat(warehouses.children()).extracting(ChildInfo::id, ChildInfo::name)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("warehouse#1", "north"),
                            org.assertj.core.groups.Tuple.tuple("warehouse#2", "south"));
            assertThat(warehouses.findChild("north")).map(ServerRef::name).hasValue("north");
            assertThat(warehouses.findChild("west")).isEmpty();

            assertThat(warehouses.stopChild("north")).isTrue();
            assertThat(warehouses.findChild("north")).isEmpty();
            assertThat(context.getBean(Node.class).registry().whereis("north")).isEmpty();
            assertThat(warehouses.stopChild("north")).isFalse();
            assertThat(warehouses.children()).extracting(ChildInfo::name).containsExactly("south");
        });
    }

    @Test
    void aNameThatIsTakenFailsTheStartAndLeavesTheFirstChild() {
        this.runner.run(context -> {
            DynamicSupervisorRef warehouses = context.getBean(Injected.class).warehouses;
            warehouses.startChild("north", null);
            assertThatExceptionOfType(ChildStartException.class)
                    .isThrownBy(() -> warehouses.startChild("north", Map.of("capacity", "1")));
            assertThat(warehouses.children()).extracting(ChildInfo::name).containsExactly("north");
            assertThat(warehouses.findChild("north").orElseThrow().call("capacity", String.class)).isEqualTo("100");
        });
    }

    @Test
    void unnamedChildrenAreStartedAndStoppedByPid() {
        this.runner.run(context -> {
            DynamicSupervisorRef warehouses = context.getBean(Injected.class).warehouses;
            Pid first = warehouses.startChild();
            Pid second = warehouses.startChild(Map.of("capacity", "7"));
            FauxtpTemplate calls = context.getBean(FauxtpTemplate.class);
            assertThat(calls.call(first, "capacity", String.class)).isEqualTo("100");
            assertThat(calls.call(second, "capacity", String.class)).isEqualTo("7");
            warehouses.stopChild(first);
            assertThat(warehouses.children()).extracting(ChildInfo::pid).containsExactly(second);
        });
    }

    @Test
    void aCrashedChildIsRestartedUnderItsName() {
        this.runner.run(context -> {
            DynamicSupervisorRef warehouses = context.getBean(Injected.class).warehouses;
            ServerRef north = warehouses.startChild("north", Map.of("capacity", "500"));
            Pid before = north.whereis().orElseThrow();
            context.getBean(Node.class).exit(before, ExitReason.KILL);
            await().atMost(PATIENCE).until(() -> north.whereis().filter(pid -> !pid.equals(before)).isPresent());
            assertThat(north.call("capacity", String.class)).isEqualTo("500");
            assertThat(warehouses.children()).singleElement()
                    .satisfies(child -> assertThat(child.restartCount()).isEqualTo(1))
                    .satisfies(child -> assertThat(child.restart()).isEqualTo(Restart.PERMANENT));
        });
    }

    @Test
    void maxChildrenLimitsTheChildrenAtOnce() {
        this.runner.withPropertyValues("fauxtp.supervisors.warehouses.max-children=2").run(context -> {
            DynamicSupervisorRef warehouses = context.getBean(Injected.class).warehouses;
            warehouses.startChild();
            warehouses.startChild();
            assertThatIllegalStateException().isThrownBy(warehouses::startChild);
            assertThat(warehouses.children()).hasSize(2);
        });
    }

    @Test
    void theTemplateTakesRestartAndIdFromConfiguration() {
        this.runner.withPropertyValues("fauxtp.supervisors.warehouses.template.restart=temporary",
                "fauxtp.supervisors.warehouses.template.id=depot").run(context -> {
                    DynamicSupervisorRef warehouses = context.getBean(Injected.class).warehouses;
                    Pid child = warehouses.startChild();
                    assertThat(warehouses.children()).singleElement()
                            .satisfies(info -> assertThat(info.id()).isEqualTo("depot#1"))
                            .satisfies(info -> assertThat(info.restart()).isEqualTo(Restart.TEMPORARY));
                    context.getBean(Node.class).exit(child, ExitReason.KILL);
                    await().atMost(PATIENCE).until(() -> warehouses.children().isEmpty());
                });
    }

    @Test
    void aDynamicSupervisorNestedInAStaticTreeIsRestartedWithItsParentsChildren() {
        this.runner.withPropertyValues("fauxtp.supervisors.root.children[0].supervisor=warehouses").run(context -> {
            assertThat(context.getBean(FauxtpLifecycle.class).runningTrees()).containsExactly("root");
            Injected injected = context.getBean(Injected.class);
            assertThat(injected.tree.isRoot()).isFalse();
            ServerRef north = injected.warehouses.startChild("north", null);
            assertThat(north.call("capacity", String.class)).isEqualTo("100");
        });
    }

    @Test
    void childrenOnADynamicSupervisorFailNamingTheProperty() {
        this.runner.withPropertyValues("fauxtp.supervisors.warehouses.children[0].gen-server=warehouse")
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOfSatisfying(InvalidValueException.class, ex -> assertThat(ex.property())
                                .isEqualTo("fauxtp.supervisors.warehouses.children")));
    }

    @Test
    void aDynamicSupervisorWithoutATemplateFailsNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                        FauxtpSupervisionAutoConfiguration.class))
                .withPropertyValues("fauxtp.supervisors.warehouses.dynamic=true")
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOfSatisfying(InvalidValueException.class, ex -> assertThat(ex.property())
                                .isEqualTo("fauxtp.supervisors.warehouses.template")));
    }

    @Test
    void aNameInTheTemplateFailsNamingTheProperty() {
        this.runner.withPropertyValues("fauxtp.supervisors.warehouses.template.name=north")
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOfSatisfying(InvalidValueException.class, ex -> assertThat(ex.property())
                                .isEqualTo("fauxtp.supervisors.warehouses.template.name")));
    }

    @Test
    void aTemplateOnAStaticSupervisorFailsNamingTheProperty() {
        this.runner.withPropertyValues("fauxtp.supervisors.warehouses.dynamic=false")
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOfSatisfying(InvalidValueException.class, ex -> assertThat(ex.property())
                                .isEqualTo("fauxtp.supervisors.warehouses.template")));
    }

    @Test
    void anotherStrategyThanOneForOneFailsNamingTheProperty() {
        this.runner.withPropertyValues("fauxtp.supervisors.warehouses.strategy=one-for-all")
                .run(context -> assertThat(context).getFailure()
                        .isInstanceOfSatisfying(InvalidValueException.class, ex -> assertThat(ex.property())
                                .isEqualTo("fauxtp.supervisors.warehouses.strategy")));
    }

    @Test
    void anUnknownTemplateBeanFailsNamingTheProperty() {
        this.runner.withPropertyValues("fauxtp.supervisors.warehouses.template.gen-server=wearhouse")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOfSatisfying(UnknownGenServerException.class, ex -> assertThat(ex.property())
                                .isEqualTo("fauxtp.supervisors.warehouses.template.gen-server")));
    }

    /** Answers "capacity" with its init argument of that name. */
    static class Warehouse implements GenServer<String> {

        @Override
        public String init(Object args) {
            return String.valueOf(((Map<?, ?>) args).get("capacity"));
        }

        @Override
        public CallResult<String> handleCall(Object request, From from, String capacity) {
            return CallResult.reply(capacity, capacity);
        }

    }

    record Injected(DynamicSupervisorRef warehouses, SupervisorTree tree) {
    }

    @Configuration(proxyBeanMethods = false)
    static class WarehouseConfiguration {

        @Bean
        Warehouse warehouse() {
            return new Warehouse();
        }

        @Bean
        @org.springframework.context.annotation.Lazy
        Injected injected(@Qualifier("warehouses") DynamicSupervisorRef warehouses,
                @Qualifier("warehouses") SupervisorTree tree) {
            return new Injected(warehouses, tree);
        }

    }

}
