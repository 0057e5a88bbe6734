package io.fauxtp.spring.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.observability.SupervisionForest.ChildLocation;
import io.fauxtp.spring.observability.SupervisionForest.Root;
import io.fauxtp.spring.observability.SupervisionForest.SupervisorLocation;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import io.fauxtp.testkit.TestNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The forest of trees an application started itself, without Spring: roots, paths and reason classes. */
class SupervisionForestTests {

    private static final GenServer<String> IDLE = args -> "idle";

    @RegisterExtension
    final TestNode fauxtp = new TestNode("forest-test");
    private final Node node = fauxtp.node();

    @Test
    void anUnnamedRootIsKnownByItsPidAndPathsWalkDownTheTree() throws Exception {
        SupervisorSpec inner = SupervisorSpec.oneForOne(ChildSpec.genServer("worker", IDLE, "args"));
        Pid root = Supervisor.start(this.node, SupervisorSpec.oneForOne(ChildSpec.supervisor("inner", inner)));
        try (SupervisionForest forest = new SupervisionForest(this.node, SupervisionForest.DeclaredTrees.NONE)) {
            assertThat(forest.roots()).extracting(Root::key).containsExactly(root.toString());
            assertThat(forest.roots().getFirst().declared()).isFalse();

            assertThat(forest.locate(List.of(root.toString(), "inner")))
                    .hasValueSatisfying(l -> assertThat(l).isInstanceOf(SupervisorLocation.class));
            assertThat(forest.locate(List.of(root.toString(), "inner", "worker"))).hasValueSatisfying(
                    l -> assertThat(((ChildLocation) l).child().id()).isEqualTo("worker"));
            assertThat(forest.locateChild(List.of(root.toString(), "inner"))).hasValueSatisfying(
                    c -> assertThat(c.parent().pid()).isEqualTo(root));
            assertThat(forest.locate(List.of(root.toString(), "nothing"))).isEmpty();
            assertThat(forest.locate(List.of("nothing"))).isEmpty();
            assertThat(forest.locateChild(List.of(root.toString()))).isEmpty();
            assertThat(forest.behaviourBean(forest.roots().getFirst().snapshot().orElseThrow(), "inner")).isEmpty();
        }
    }

    @Test
    void reasonClassesAreFewAndCarryNoMessage() {
        assertThat(ExitReasonClass.of(ExitReason.NORMAL)).isEqualTo(ExitReasonClass.NORMAL);
        assertThat(ExitReasonClass.of(ExitReason.shutdown("operator"))).isEqualTo(ExitReasonClass.SHUTDOWN);
        assertThat(ExitReasonClass.of(ExitReason.KILLED)).isEqualTo(ExitReasonClass.KILLED);
        assertThat(ExitReasonClass.of(ExitReason.KILL)).isEqualTo(ExitReasonClass.KILLED);
        assertThat(ExitReasonClass.of(ExitReason.error(new IllegalStateException("password=hunter2"))))
                .isEqualTo(ExitReasonClass.ABNORMAL);
        assertThat(ExitReasonClass.of(ExitReason.of("custom"))).isEqualTo(ExitReasonClass.ABNORMAL);
        assertThat(ExitReasonClass.summary(ExitReason.error(new IllegalStateException("password=hunter2"))))
                .isEqualTo("abnormal: java.lang.IllegalStateException");
        assertThat(ExitReasonClass.summary(null)).isNull();
        assertThat(ExitReasonClass.ABNORMAL.tag()).isEqualTo("abnormal");
    }

}
