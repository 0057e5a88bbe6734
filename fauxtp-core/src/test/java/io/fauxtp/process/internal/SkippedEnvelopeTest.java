package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.Node;
import io.fauxtp.testkit.TestNode;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A queue node carries the message after it. A runtime envelope is its own node, and one that a selective
 * receive skips lives on in the save queue: it must not keep the messages taken after it alive.
 */
class SkippedEnvelopeTest {

    /** A runtime envelope, as a GenServer call or cast is. */
    static final class Envelope extends MailboxMessage {}

    @RegisterExtension
    final TestNode fauxtp = new TestNode("skipped-envelope");
    private final Node node = fauxtp.node();

    @Test
    void aMessageTakenAfterASkippedEnvelopeIsNotKeptAliveByIt() throws Exception {
        CompletableFuture<WeakReference<Object>> taken = new CompletableFuture<>();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> envelopeLater = new CompletableFuture<>();
        node.spawn(self -> {
            self.send(self.self(), new Envelope());
            self.send(self.self(), new byte[1 << 20]);
            // skips the envelope into the save queue and takes the array after it
            Object big = self.receive(m -> m instanceof byte[] b ? b : null);
            taken.complete(new WeakReference<>(big));
            big = null;
            release.await();
            envelopeLater.complete(self.receive()); // the envelope is still there, in order
        });
        WeakReference<Object> ref = taken.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            System.gc();
            return ref.get() == null;
        });
        release.countDown();
        assertThat(envelopeLater.get(10, TimeUnit.SECONDS)).isInstanceOf(Envelope.class);
    }
}
