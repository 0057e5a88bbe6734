package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A process remembers the live process it last sent to, so that a conversation does not look its partner up per
 * message; it must never send to the wrong process through that memory, nor keep a dead one alive with it.
 */
class LastTargetTest {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("last-target");
    private final Node node = fauxtp.node();

    @Test
    void sendsReachTheRightProcessWhenTheSenderAlternatesBetweenTwo() throws Exception {
        List<Object> toA = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Object> toB = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(200);
        Pid a = node.spawn(self -> {
            while (true) {
                toA.add(self.receive());
                all.countDown();
            }
        });
        Pid b = node.spawn(self -> {
            while (true) {
                toB.add(self.receive());
                all.countDown();
            }
        });
        node.spawn(self -> {
            for (int i = 0; i < 100; i++) {
                self.send(a, "a" + i);
                self.send(b, "b" + i);
            }
        });
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(toA).hasSize(100).allSatisfy(m -> assertThat(m).asString().startsWith("a"));
        assertThat(toB).hasSize(100).allSatisfy(m -> assertThat(m).asString().startsWith("b"));
        assertThat(toA.get(99)).isEqualTo("a99");
    }

    @Test
    void aDeadPartnerIsForgottenAndItsMessagesDropped() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Pid partner = node.spawn(self -> {
            started.countDown();
            self.receive(); // one message, then it ends
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Object> remembered = new CompletableFuture<>();
        node.spawn(self -> {
            ProcessImpl me = (ProcessImpl) self;
            self.send(partner, "first"); // remembered: it is alive
            boolean afterFirst = me.lastTarget() != null;
            io.fauxtp.process.MonitorRef ref = self.monitor(partner);
            self.receive(m -> m instanceof io.fauxtp.process.Down d && d.ref().equals(ref) ? d : null);
            self.send(partner, "second"); // dropped: the partner is dead, and no longer remembered
            remembered.complete(List.of(afterFirst, me.lastTarget() == null));
        });
        assertThat(remembered.get(10, TimeUnit.SECONDS)).isEqualTo(List.of(true, true));
        assertThat(node.isAlive(partner)).isFalse();
    }
}
