package io.fauxtp.otp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.process.Node;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Links, monitors, trap-exit and GenServer call/stop against Erlang/OTP: an observer and a target (a plain
 * process or a GenServer), 1-8 operations between them, the same trace from both (what each received, or how
 * it ended). Only what Erlang answers deterministically is compared: each side waits for a dead target's
 * news before it reports.
 */
@AddLifecycleHook(ErlangAvailable.class)
class ProcessDifferentialTest {

    private static ErlangDriver erlang;
    private static Node node;

    @BeforeContainer
    static void startErlang() {
        erlang = ErlangDriver.start();
        node = Node.create("otp-differential-processes");
    }

    @AfterContainer
    static void stopErlang() throws Exception {
        if (node != null) {
            node.close();
        }
        if (erlang != null) {
            erlang.close();
        }
    }

    @Property(tries = 1000, seed = "20261206")
    void fauxtpProcessTracesEqualOtpProcessTraces(@ForAll("scenarios") ProcessScenario scenario) {
        erlang.send(scenario.erlang());
        List<String> fauxtp = FauxtpProcessRun.run(node, scenario);
        List<String> otp = erlang.readTrace();
        assertThat(String.join("\n", fauxtp))
                .as("scenario %s%nOTP's trace:%n%s%nfauxtp's trace:%n%s", scenario, String.join("\n", otp),
                        String.join("\n", fauxtp))
                .isEqualTo(String.join("\n", otp));
    }

    @Provide
    Arbitrary<ProcessScenario> scenarios() {
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Combinators.combine(flag, flag, flag).flatAs((observerTraps, server, targetTraps) ->
                op(server).list().ofMinSize(1).ofMaxSize(8)
                        .map(ops -> new ProcessScenario(observerTraps, server, targetTraps, ops)));
    }

    private static Arbitrary<String> op(boolean server) {
        Arbitrary<String> anyReason = Arbitraries.of("normal", "shutdown", "{shutdown, term}", "kill", "boom");
        Arbitrary<String> ownReason = Arbitraries.of("normal", "shutdown", "{shutdown, term}", "boom");
        List<Arbitrary<String>> ops = new ArrayList<>(List.of(
                Arbitraries.of("link", "link", "unlink", "monitor", "monitor"),
                anyReason.map(r -> "{exit_signal, " + r + "}"),
                ownReason.map(r -> "{self_exit, " + r + "}")));
        if (server) {
            ops.add(Arbitraries.of("call_ping", "call_crash"));
            ops.add(ownReason.map(r -> "{call_stop, " + r + "}"));
            ops.add(ownReason.map(r -> "{gen_stop, " + r + "}"));
        }
        return Arbitraries.oneOf(ops);
    }
}
