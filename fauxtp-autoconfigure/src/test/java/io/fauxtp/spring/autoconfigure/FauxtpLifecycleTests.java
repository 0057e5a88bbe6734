package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.SupervisorTree;
import io.fauxtp.supervisor.ChildStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the root trees start with the context and stop with it. */
class FauxtpLifecycleTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                    FauxtpSupervisionAutoConfiguration.class))
            .withUserConfiguration(RecorderConfiguration.class);

    private static String[] child(String supervisor, int index, String who, String... extra) {
        String prefix = "fauxtp.supervisors." + supervisor + ".children[" + index + "].";
        List<String> pairs = new java.util.ArrayList<>(List.of(prefix + "gen-server=recorder",
                prefix + "name=" + who, prefix + "trap-exit=true", prefix + "args.who=" + who));
        for (String pair : extra) {
            pairs.add(prefix + pair);
        }
        return pairs.toArray(String[]::new);
    }

    @Test
    void rootTreesStartInDeclarationOrderAndStopInReverseOrder() {
        Events events = new Events();
        this.runner.withBean(Events.class, () -> events)
                .withPropertyValues(child("first", 0, "one"))
                .withPropertyValues(child("second", 0, "two"))
                .withPropertyValues(child("third", 0, "three"))
                .run(context -> {
                    assertThat(context.getBean(FauxtpLifecycle.class).runningTrees())
                            .containsExactly("first", "second", "third");
                    assertThat(events.list()).containsExactly("init one", "init two", "init three");
                });
        assertThat(events.list()).containsExactly("init one", "init two", "init three",
                "terminate three", "terminate two", "terminate one");
    }

    @Test
    void aChildThatFailsToStartFailsTheContextAndStopsTheTreesStartedBeforeIt() {
        Events events = new Events();
        this.runner.withBean(Events.class, () -> events)
                .withPropertyValues(child("fine", 0, "ok"))
                .withPropertyValues(child("broken", 0, "bad", "args.fail=true"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    SupervisionStartException startFailure = findCause(failure, SupervisionStartException.class);
                    assertThat(startFailure.tree()).isEqualTo("broken");
                    FailureAnalysis analysis = new SupervisionStartFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("'broken'", "init of bad refused to start");
                    assertThat(analysis.getAction()).contains("fauxtp.supervisors.broken");
                });
        assertThat(events.list()).containsSubsequence("init ok", "terminate ok");
        assertThat(events.list()).doesNotContain("init bad");
    }

    @Test
    void aFailingChildOfANestedSupervisorIsNamedByItsOwnPropertyAndItsCauseSaidOnce() {
        this.runner.withBean(Events.class, Events::new)
                .withPropertyValues("fauxtp.supervisors.shop.children[0].supervisor=warehouses")
                .withPropertyValues(child("warehouses", 0, "north"))
                .withPropertyValues(child("warehouses", 1, "south", "args.fail=true"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    SupervisionStartException startFailure = findCause(failure, SupervisionStartException.class);
                    assertThat(startFailure.child()).isEqualTo("fauxtp.supervisors.warehouses.children[1]");
                    FailureAnalysis analysis = new SupervisionStartFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).isEqualTo("supervision tree 'shop' failed to start "
                            + "because its child 'fauxtp.supervisors.warehouses.children[1]' did: "
                            + "java.lang.IllegalStateException: init of south refused to start");
                    assertThat(analysis.getAction()).isEqualTo("Fix the init of GenServer bean 'recorder' or the "
                            + "child's init arguments under 'fauxtp.supervisors.warehouses.children[1].args'. To "
                            + "see the stack trace, set 'logging.level.org.springframework.boot.diagnostics=debug' "
                            + "(or start with --debug).");
                });
    }

    @Test
    void stoppingGivesUpOnATreeThatOverrunsTheShutdownPhaseTimeout() {
        Events events = new Events();
        try {
            this.runner.withBean(Events.class, () -> events)
                    .withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s")
                    .withPropertyValues(child("stuck", 0, "slow", "shutdown=infinity", "args.block=true"))
                    .run(context -> {
                        Node node = context.getBean(Node.class);
                        SupervisorTree stuck = context.getBean("fauxtp.supervisor.stuck", SupervisorTree.class);
                        Pid root = stuck.pid().orElseThrow();
                        FauxtpLifecycle lifecycle = context.getBean(FauxtpLifecycle.class);

                        lifecycle.stop();   // returns although the child's terminate never finishes

                        assertThat(lifecycle.isRunning()).isFalse();
                        await().atMost(Duration.ofSeconds(10)).until(() -> !node.isAlive(root));
                        await().atMost(Duration.ofSeconds(10)).until(() -> events.list().contains("terminating slow"));
                        assertThat(events.list()).doesNotContain("terminate slow");
                        events.release.countDown();   // let the stuck terminate end before the node closes
                    });
        }
        finally {
            events.release.countDown();
        }
    }

    @Test
    void theSupervisorTreeBeansFollowTheRunningSupervisors() {
        this.runner.withBean(Events.class, Events::new)
                .withPropertyValues(child("leaves", 0, "leaf"))
                .withPropertyValues("fauxtp.supervisors.trunk.children[0].supervisor=leaves")
                .run(context -> {
                    SupervisorTree leaves = context.getBean(Trees.class).leaves;
                    Node node = context.getBean(Node.class);
                    Pid before = leaves.pid().orElseThrow();
                    assertThat(leaves.snapshot()).isPresent();

                    node.exit(before, ExitReason.KILL);

                    Pid after = await().atMost(Duration.ofSeconds(10))
                            .until(leaves::pid, pid -> pid.isPresent() && !pid.get().equals(before)).orElseThrow();
                    assertThat(node.isAlive(after)).isTrue();
                    assertThat(context.getBean(Trees.class).trunk.pid()).isPresent();
                });
    }

    @Test
    void aRootTreeThatGivesUpBreaksTheApplicationsLiveness() {
        this.runner.withConfiguration(AutoConfigurations.of(ApplicationAvailabilityAutoConfiguration.class))
                .withBean(Events.class, Events::new)
                .withPropertyValues(child("fragile", 0, "glass"))
                .withPropertyValues("fauxtp.supervisors.fragile.max-restarts=0")
                .run(context -> {
                    AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
                    ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
                    Node node = context.getBean(Node.class);
                    Pid glass = node.registry().whereis("glass").orElseThrow();
                    assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);

                    node.exit(glass, ExitReason.KILL);   // one restart more than max-restarts allows

                    await().atMost(Duration.ofSeconds(10))
                            .until(availability::getLivenessState, LivenessState.BROKEN::equals);
                });
    }

    @Test
    void aChildWithABackoffWaitsBeforeItIsRestarted() {
        this.runner.withBean(Events.class, Events::new)
                .withPropertyValues(child("patient", 0, "sleeper", "backoff.initial=1h", "backoff.max=1h"))
                .run(context -> {
                    Node node = context.getBean(Node.class);
                    SupervisorTree patient = context.getBean("fauxtp.supervisor.patient", SupervisorTree.class);
                    Pid sleeper = node.registry().whereis("sleeper").orElseThrow();

                    node.exit(sleeper, ExitReason.KILL);

                    await().atMost(Duration.ofSeconds(10)).until(() -> patient.snapshot().orElseThrow().children()
                            .getFirst().status() == ChildStatus.RESTARTING);
                    assertThat(node.registry().whereis("sleeper")).isEmpty();
                });
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
    }

    /** What the recorders did, in order. */
    static class Events {

        private final List<String> list = new CopyOnWriteArrayList<>();

        final CountDownLatch release = new CountDownLatch(1);

        void add(String event) {
            this.list.add(event);
        }

        List<String> list() {
            return List.copyOf(this.list);
        }

    }

    /** Records init and terminate; 'fail' makes init throw, 'block' makes terminate wait for the test. */
    static class Recorder implements GenServer<Map<?, ?>> {

        private final Events events;

        Recorder(Events events) {
            this.events = events;
        }

        @Override
        public Map<?, ?> init(Object args) {
            Map<?, ?> map = (Map<?, ?>) args;
            if (map.containsKey("fail")) {
                throw new IllegalStateException("init of " + map.get("who") + " refused to start");
            }
            this.events.add("init " + map.get("who"));
            return map;
        }

        @Override
        public void terminate(ExitReason reason, Map<?, ?> args) throws InterruptedException {
            if (args.containsKey("block")) {
                this.events.add("terminating " + args.get("who"));
                this.events.release.await(30, TimeUnit.SECONDS);
            }
            this.events.add("terminate " + args.get("who"));
        }

    }

    static class Trees {

        final SupervisorTree trunk;

        final SupervisorTree leaves;

        Trees(SupervisorTree trunk, SupervisorTree leaves) {
            this.trunk = trunk;
            this.leaves = leaves;
        }

    }

    @Configuration(proxyBeanMethods = false)
    static class RecorderConfiguration {

        @Bean
        Recorder recorder(Events events) {
            return new Recorder(events);
        }

        @Bean
        @org.springframework.context.annotation.Lazy
        Trees trees(@Qualifier("trunk") SupervisorTree trunk, @Qualifier("leaves") SupervisorTree leaves) {
            return new Trees(trunk, leaves);
        }

    }

}
