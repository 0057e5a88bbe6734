package io.fauxtp.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Links, monitors and exit signals racing from several threads: every monitor still fires exactly once, and
 * nothing is left alive or half-linked.
 */
class ChaosTest {

    record LinkTo(Pid other) {}

    @RegisterExtension
    final TestNode fauxtp = new TestNode("chaos");
    private final Node node = fauxtp.node();

    @Test
    void racingLinksAndKillsDeliverEachDownExactlyOnce() throws Exception {
        int workers = 300;
        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            pids.add(node.spawn(self -> {
                while (true) {
                    if (self.receive() instanceof LinkTo(Pid other)) {
                        self.link(other);
                    }
                }
            }));
        }
        LinkedBlockingQueue<Object> out = new LinkedBlockingQueue<>();
        Pid watcher = node.spawn(self -> {
            Set<MonitorRef> refs = new HashSet<>();
            for (Pid p : pids) {
                refs.add(self.monitor(p));
            }
            out.put("monitoring");
            Set<MonitorRef> seen = new HashSet<>();
            int downs = 0;
            while (seen.size() < refs.size()) {
                Down d = self.receive(Matcher.type(Down.class));
                downs++;
                seen.add(d.ref());
            }
            out.put(downs);
            out.put(self.receive(Matcher.type(Down.class), Duration.ofMillis(200)).isEmpty());
        });
        assertThat(out.poll(10, TimeUnit.SECONDS)).isEqualTo("monitoring");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Random random = new Random(t);
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 2_000; i++) {
                    Pid a = pids.get(random.nextInt(workers));
                    Pid b = pids.get(random.nextInt(workers));
                    switch (random.nextInt(4)) {
                        case 0 -> node.exit(a, ExitReason.of("chaos " + i));
                        case 1 -> node.exit(a, ExitReason.KILL);
                        default -> node.send(a, new LinkTo(b));
                    }
                }
                for (Pid p : pids) {
                    node.exit(p, ExitReason.KILL);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(out.poll(30, TimeUnit.SECONDS)).as("Down messages").isEqualTo(workers);
        assertThat(out.poll(10, TimeUnit.SECONDS)).as("no second Down").isEqualTo(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> node.processes().isEmpty()
                || node.processes().equals(List.of(watcher)));
        assertThat(node.info(watcher).map(ProcessInfo::links).orElse(Set.of())).isEmpty();
    }
}
