package io.fauxtp.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FauxtpTemplateTests {

    @RegisterExtension
    final TestNode fauxtp = new TestNode("template-tests");
    private final Node node = fauxtp.node();

    private final FauxtpTemplate template = new FauxtpTemplate(this.node, Duration.ofSeconds(5));

    /** Keeps a list of what it was cast or sent; a call returns the list, or its size for "size". */
    static final class Collector implements GenServer<List<Object>> {

        @Override
        public List<Object> init(Object args) {
            return List.of();
        }

        @Override
        public CallResult<List<Object>> handleCall(Object request, From from, List<Object> seen) {
            return CallResult.reply("size".equals(request) ? seen.size() : seen, seen);
        }

        @Override
        public CastResult<List<Object>> handleCast(Object request, List<Object> seen) {
            return CastResult.noReply(append(seen, "cast " + request));
        }

        @Override
        public CastResult<List<Object>> handleInfo(Object message, List<Object> seen) {
            return CastResult.noReply(append(seen, "info " + message));
        }

        private static List<Object> append(List<Object> seen, Object item) {
            List<Object> next = new ArrayList<>(seen);
            next.add(item);
            return List.copyOf(next);
        }

    }

    private Pid startCollector(String name) {
        return GenServer.start(this.node, new Collector(), null, StartOptions.defaults().withName(name));
    }

    @Test
    void callsByNameAndByPidWithTypedReplies() {
        Pid pid = startCollector("collector");
        assertThat(this.template.call("collector", "size", Integer.class)).isZero();
        assertThat(this.template.call(pid, "size", int.class)).isZero();
        assertThat(this.template.call(pid, "size", Number.class, Duration.ofSeconds(1))).isEqualTo(0);
        assertThat(this.template.whereis("collector")).contains(pid);
    }

    @Test
    void castsAndSendsReachTheServerInOrder() {
        Pid pid = startCollector("collector");
        this.template.cast("collector", "a");
        this.template.send("collector", "b");
        this.template.cast(pid, "c");
        this.template.send(pid, "d");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> this.template.call(pid, "size", Integer.class), size -> size == 4);
        assertThat(this.template.call(pid, "list", List.class)).containsExactly("cast a", "info b", "cast c", "info d");
    }

    @Test
    void aReplyOfTheWrongTypeIsAClearClassCastException() {
        startCollector("collector");
        assertThatExceptionOfType(ClassCastException.class)
                .isThrownBy(() -> this.template.call("collector", "size", String.class))
                .withMessageContaining("'collector'")
                .withMessageContaining("java.lang.Integer")
                .withMessageContaining("not the expected java.lang.String");
    }

    @Test
    void aNameThatNobodyHasFailsCallsAndSendsButNotCasts() {
        assertThatExceptionOfType(CallExitException.class)
                .isThrownBy(() -> this.template.call("nobody", "size", Integer.class));
        assertThatIllegalArgumentException().isThrownBy(() -> this.template.send("nobody", "hello"));
        this.template.cast("nobody", "dropped");
        assertThat(this.template.whereis("nobody")).isEmpty();
    }

    @Test
    void aServerRefResolvesItsNameOnEveryUse() {
        ServerRef ref = new ServerRef("collector", this.template);
        assertThat(ref.whereis()).isEmpty();
        Pid first = startCollector("collector");
        ref.cast("x");
        assertThat(ref.call("size", Integer.class)).isEqualTo(1);
        GenServer.stop(first);
        Pid second = startCollector("collector");
        assertThat(ref.whereis()).contains(second);
        assertThat(ref.call("size", Integer.class, Duration.ofSeconds(1))).isZero();
        assertThat(ref).hasToString("ServerRef[collector]");
    }

    @Test
    void theCallTimeoutMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FauxtpTemplate(this.node, Duration.ZERO))
                .withMessageContaining("callTimeout");
    }

}
