package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Root trees marked {@code singleton}: handed to the cluster's {@link SingletonTreeHost}, or refused without one. */
class SingletonTreeTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class,
                    FauxtpSupervisionAutoConfiguration.class))
            .withBean("pinger", GenServer.class, () -> new GenServer<Object>() {
                @Override
                public Object init(Object args) {
                    return "";
                }

                @Override
                public CallResult<Object> handleCall(Object request, From from, Object state) {
                    return CallResult.reply("pong", state);
                }
            })
            .withPropertyValues("fauxtp.supervisors.jobs.children[0].gen-server=pinger",
                    "fauxtp.supervisors.jobs.children[0].name=pinger",
                    "fauxtp.supervisors.local.children[0].supervisor=nested",
                    "fauxtp.supervisors.nested.children[0].gen-server=pinger");

    @Test
    void aSingletonTreeWithoutAClusterFailsTheStartWithAnExplanation() {
        runner.withPropertyValues("fauxtp.supervisors.jobs.singleton=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("fauxtp.supervisors.jobs.singleton is true but no cluster is configured");
        });
    }

    @Test
    void onlyRootTreesCanBeSingletons() {
        runner.withPropertyValues("fauxtp.supervisors.nested.singleton=true")
                .withBean(SingletonTreeHost.class, () -> (name, start) -> () -> {})
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("'nested' is not a root tree"));
    }

    @Test
    void aSingletonTreeIsStartedByTheHostAndWithdrawnWithTheContext() {
        List<String> hostEvents = new CopyOnWriteArrayList<>();
        List<Function<Node, Pid>> starters = new CopyOnWriteArrayList<>();
        SingletonTreeHost startAtOnce = (name, start) -> {
            hostEvents.add("host " + name);
            starters.add(start);   // the host decides when and on which member the tree starts
            return () -> hostEvents.add("withdraw " + name);
        };
        runner.withPropertyValues("fauxtp.supervisors.jobs.singleton=true")
                .withBean(SingletonTreeHost.class, () -> startAtOnce)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(FauxtpLifecycle.class).runningTrees()).containsExactly("local");
                    assertThat(context.getBean(Node.class).registry().whereis("pinger")).isEmpty();
                    assertThat(hostEvents).containsExactly("host jobs");
                    Node node = context.getBean(Node.class);
                    Pid tree = starters.getFirst().apply(node);
                    assertThat(node.registry().whereis("jobs")).contains(tree);
                    assertThat(GenServer.<String>call(node, "pinger", "ping")).isEqualTo("pong");
                });
        assertThat(hostEvents).containsExactly("host jobs", "withdraw jobs");
    }
}
