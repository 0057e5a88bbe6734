package io.fauxtp.otp;

import io.fauxtp.otp.DifferentialScenarios.Budget;
import io.fauxtp.otp.DifferentialScenarios.Tally;
import io.fauxtp.otp.DifferentialScenarios.Traces;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Links, monitors, trap-exit and GenServer call/stop against Erlang/OTP: an observer and a target (a plain
 * process or a GenServer), 1-8 operations between them, the same trace from both (what each received, or how
 * it ended). Only what Erlang answers deterministically is compared: each side waits for a dead target's
 * news before it reports. Seed, count and shrinking as in {@link DifferentialScenarios}.
 */
@ExtendWith(ErlangAvailable.class)
class ProcessDifferentialTest {

    @RegisterExtension
    static final ErlangAndNode OTP = new ErlangAndNode("otp-differential-processes");

    @Test
    void fauxtpProcessTracesEqualOtpProcessTraces() {
        SplittableRandom seeds = new SplittableRandom(DifferentialScenarios.seed());
        Tally tally = new Tally();
        long started = System.nanoTime();
        for (int index = 0; index < DifferentialScenarios.count(); index++) {
            ProcessScenario scenario = scenario(seeds.split());
            Traces traces = traces(scenario);
            tally.scenario();
            tally.collect("target", scenario.targetIsServer() ? "GenServer" : "plain process");
            if (!traces.same()) {
                Budget budget = new Budget();
                ProcessScenario shrunk = DifferentialScenarios.shrinkList(scenario, ProcessScenario::ops,
                        (s, ops) -> new ProcessScenario(s.observerTraps(), s.targetIsServer(), s.targetTraps(), ops),
                        1, candidate -> !traces(candidate).same(), budget);
                throw new AssertionError(DifferentialScenarios.divergence(getClass().getSimpleName(), index,
                        scenario, shrunk, budget.used(), traces(shrunk)));
            }
        }
        System.out.printf("%s  in %d s%n", tally.report("ProcessDifferentialTest, seed "
                + DifferentialScenarios.seed()), (System.nanoTime() - started) / 1_000_000_000L);
    }

    private static Traces traces(ProcessScenario scenario) {
        return DifferentialScenarios.run(OTP.erlang(), scenario.erlang(),
                () -> FauxtpProcessRun.run(OTP.node(), scenario));
    }

    // ---------------------------------------------------------------- the generator

    /** One scenario from {@code random}: three fair flags, then 1-8 operations. */
    static ProcessScenario scenario(SplittableRandom random) {
        boolean observerTraps = random.nextBoolean();
        boolean server = random.nextBoolean();
        boolean targetTraps = random.nextBoolean();
        List<String> ops = new ArrayList<>();
        for (int i = 0, n = DifferentialScenarios.between(random, 1, 8); i < n; i++) {
            ops.add(op(random, server));
        }
        return new ProcessScenario(observerTraps, server, targetTraps, ops);
    }

    /** One operation: first one of the kinds (3, or 6 against a GenServer), each equally likely, then its values. */
    private static String op(SplittableRandom random, boolean server) {
        return switch (random.nextInt(server ? 6 : 3)) {
            case 0 -> DifferentialScenarios.oneOf(random, "link", "link", "unlink", "monitor", "monitor");
            case 1 -> "{exit_signal, " + DifferentialScenarios.oneOf(random, "normal", "shutdown",
                    "{shutdown, term}", "kill", "boom") + "}";
            case 2 -> "{self_exit, " + ownReason(random) + "}";
            case 3 -> DifferentialScenarios.oneOf(random, "call_ping", "call_crash");
            case 4 -> "{call_stop, " + ownReason(random) + "}";
            default -> "{gen_stop, " + ownReason(random) + "}";
        };
    }

    private static String ownReason(SplittableRandom random) {
        return DifferentialScenarios.oneOf(random, "normal", "shutdown", "{shutdown, term}", "boom");
    }
}
