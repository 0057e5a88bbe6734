package io.fauxtp.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 1,000 senders × 1,000 numbered messages to one receiver: nothing lost, per-sender order kept. */
class StressTest {

    static final int SENDERS = 1_000;
    static final int MESSAGES = 1_000;

    record Numbered(int sender, int n) {}

    @RegisterExtension
    final TestNode fauxtp = new TestNode("stress");
    private final Node node = fauxtp.node();

    @Test
    void aMillionMessagesArriveInPerSenderOrder() throws Exception {
        LinkedBlockingQueue<String> verdict = new LinkedBlockingQueue<>();
        Pid receiver = node.spawn(self -> {
            int[] expected = new int[SENDERS];
            long total = 0;
            while (total < (long) SENDERS * MESSAGES) {
                Numbered m = (Numbered) self.receive();
                if (m.n() != expected[m.sender()]) {
                    verdict.put("sender " + m.sender() + " sent " + m.n() + " but " + expected[m.sender()]
                            + " was expected next");
                    return;
                }
                expected[m.sender()]++;
                total++;
            }
            verdict.put("all " + total + " in order");
        });
        CountDownLatch go = new CountDownLatch(1);
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            node.spawn(self -> {
                go.await();
                for (int n = 0; n < MESSAGES; n++) {
                    self.send(receiver, new Numbered(sender, n));
                }
            });
        }
        go.countDown();
        assertThat(verdict.poll(60, TimeUnit.SECONDS)).isEqualTo("all 1000000 in order");
        assertThat(node.events().messagesSent()).isEqualTo((long) SENDERS * MESSAGES);
    }

    @Test
    void selectiveReceiveUnderLoadKeepsOrder() throws Exception {
        // 100 senders; the receiver takes all of sender 0's messages first, then the rest.
        int senders = 100;
        int messages = 200;
        LinkedBlockingQueue<String> verdict = new LinkedBlockingQueue<>();
        CountDownLatch sent = new CountDownLatch(senders);
        Pid receiver = node.spawn(self -> {
            sent.await();
            for (int n = 0; n < messages; n++) {
                Numbered m = self.receive(Matcher.when(Numbered.class, x -> x.sender() == 0));
                if (m.n() != n) {
                    verdict.put("sender 0 out of order at " + n);
                    return;
                }
            }
            int[] expected = new int[senders];
            expected[0] = messages;
            for (int i = 0; i < (senders - 1) * messages; i++) {
                Numbered m = self.receive(Matcher.type(Numbered.class), Duration.ofSeconds(30)).orElseThrow();
                if (m.n() != expected[m.sender()]++) {
                    verdict.put("sender " + m.sender() + " out of order");
                    return;
                }
            }
            verdict.put("ok");
        });
        for (int s = 0; s < senders; s++) {
            int sender = s;
            node.spawn(self -> {
                for (int n = 0; n < messages; n++) {
                    self.send(receiver, new Numbered(sender, n));
                }
                sent.countDown();
            });
        }
        assertThat(verdict.poll(60, TimeUnit.SECONDS)).isEqualTo("ok");
    }
}
