package io.fauxtp.otp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fauxtp.otp.DifferentialScenarios.Budget;
import io.fauxtp.otp.DifferentialScenarios.Tally;
import io.fauxtp.otp.DifferentialScenarios.Traces;
import io.fauxtp.otp.SupervisorScenario.Child;
import io.fauxtp.otp.SupervisorScenario.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fauxtp's supervisor against Erlang/OTP's {@code supervisor}: random scenarios (strategy, intensity, 3-6
 * children of random restart types and shutdowns, then 20-50 operations) run through both, and their traces
 * must be equal. A difference fails with the seed, the scenario's index, the scenario shrunk by greedy delta
 * debugging, and both traces.
 *
 * <p>The seed is fixed, so every run checks the same scenarios: {@code -Dfauxtp.differential.seed=S} and
 * {@code -Dfauxtp.differential.scenarios=N} explore others (see {@link DifferentialScenarios}).
 */
@ExtendWith(ErlangAvailable.class)
class SupervisorDifferentialTest {

    /** Each {@code timed} scenario waits this long past its 1 s period: OTP counts restarts in whole seconds. */
    static final int WAIT_PAST_PERIOD_MILLIS = 2200;

    @RegisterExtension
    static final ErlangAndNode OTP = new ErlangAndNode("otp-differential");

    @Test
    void fauxtpSupervisorTracesEqualOtpSupervisorTraces() {
        SplittableRandom seeds = new SplittableRandom(DifferentialScenarios.seed());
        Tally tally = new Tally();
        long started = System.nanoTime();
        for (int index = 0; index < DifferentialScenarios.count(); index++) {
            SupervisorScenario scenario = scenario(seeds.split());
            Traces traces = traces(scenario);
            collect(tally, scenario, traces.otp());
            if (!traces.same()) {
                Budget budget = new Budget();
                SupervisorScenario shrunk = shrink(scenario, budget);
                throw new AssertionError(DifferentialScenarios.divergence(getClass().getSimpleName(), index,
                        scenario, shrunk, budget.used(), traces(shrunk)));
            }
        }
        System.out.printf("%s  in %d s%n", tally.report("SupervisorDifferentialTest, seed "
                + DifferentialScenarios.seed()), (System.nanoTime() - started) / 1_000_000_000L);
    }

    // ---------------------------------------------------------------- the divergences found, by name

    private static final List<Child> PERMANENT_C1_C2_C3 = List.of(new Child("c1", "permanent", "500"),
            new Child("c2", "permanent", "brutal_kill"), new Child("c3", "permanent", "infinity"));

    @Test
    void aOneForAllRestartStartsAChildTerminatedByHand() {
        assertTrace(new SupervisorScenario("one_for_all", 3, 5, PERMANENT_C1_C2_C3.subList(0, 2),
                        List.of(new SupervisorScenario.TerminateChild("c1"), new SupervisorScenario.ExitChild("c2", "crash"))),
                "1 terminate c1 -> ok | c1:undef/1 c2:run/1",
                "2 exit c2 crash -> ok | c1:run/2 c2:run/2");
    }

    @Test
    void aRestForOneRestartStartsALaterTransientThatHadShutDown() {
        assertTrace(new SupervisorScenario("rest_for_one", 3, 5, List.of(new Child("c1", "permanent", "500"),
                        new Child("c2", "transient", "500"), new Child("c3", "permanent", "500")),
                        List.of(new SupervisorScenario.ExitChild("c2", "shutdown"),
                                new SupervisorScenario.ExitChild("c1", "kill"))),
                "1 exit c2 shutdown -> ok | c1:run/1 c2:undef/1 c3:run/1",
                "2 exit c1 kill -> ok | c1:run/2 c2:run/2 c3:run/2");
    }

    @Test
    void aFailedStartDuringAOneForAllRestartRestartsTheWholeGroupAgain() {
        assertTrace(new SupervisorScenario("one_for_all", 3, 5, PERMANENT_C1_C2_C3,
                        List.of(new SupervisorScenario.FailStarts("c2", 1), new SupervisorScenario.ExitChild("c1", "crash"))),
                "1 fail_starts c2 1 -> ok | c1:run/1 c2:run/1 c3:run/1",
                "2 exit c1 crash -> ok | c1:run/3 c2:run/2 c3:run/2");
    }

    @Test
    void reachingTheIntensityExitsWithShutdown() {
        assertTrace(new SupervisorScenario("one_for_one", 0, 5, PERMANENT_C1_C2_C3,
                        List.of(new SupervisorScenario.ExitChild("c1", "normal"))),
                "1 exit c1 normal -> ok | dead shutdown");
    }

    /** {@code scenario} gives the {@code expected} trace (OTP's, recorded) in OTP and in fauxtp. */
    private static void assertTrace(SupervisorScenario scenario, String... expected) {
        assertThat(OTP.erlang().run(scenario.erlang())).as("OTP's trace").containsExactly(expected);
        assertSameTrace(scenario);
    }

    static void assertSameTrace(SupervisorScenario scenario) {
        Traces traces = traces(scenario);
        assertThat(String.join("\n", traces.fauxtp()))
                .as("scenario %s%nOTP's trace:%n%s%nfauxtp's trace:%n%s", scenario, String.join("\n", traces.otp()),
                        String.join("\n", traces.fauxtp()))
                .isEqualTo(String.join("\n", traces.otp()));
    }

    private static Traces traces(SupervisorScenario scenario) {
        return DifferentialScenarios.run(OTP.erlang(), scenario.erlang(),
                () -> FauxtpSupervisorRun.run(OTP.node(), scenario));
    }

    /** What the scenarios covered, printed at the end of the run. */
    private static void collect(Tally tally, SupervisorScenario scenario, List<String> otp) {
        String last = otp.isEmpty() ? "" : otp.getLast();
        tally.scenario();
        tally.collect("strategy", scenario.strategy());
        tally.collect("ends", last.contains("| dead shutdown") ? "gave up" : last.contains("| dead") ? "stopped"
                : "alive");
        tally.collect("operations run", otp.size() / 10 * 10 + "-" + (otp.size() / 10 * 10 + 9));
        tally.collect("start failures", otp.stream().anyMatch(l -> l.contains("start_failed")) ? "some" : "none");
        tally.collect("group restarts of stopped children",
                otp.stream().anyMatch(l -> l.contains("undef")) ? "some undef seen" : "none");
        tally.collect("timed (1 s period)", scenario.periodSeconds() == 1 ? "yes" : "no");
    }

    /**
     * The smallest diverging scenario greedy delta debugging finds within the budget: chunks of operations, then
     * single operations, then children, again while that shrinks it.
     */
    private static SupervisorScenario shrink(SupervisorScenario scenario, Budget budget) {
        Predicate<SupervisorScenario> diverges = candidate -> !traces(candidate).same();
        SupervisorScenario before;
        do {
            before = scenario;
            scenario = DifferentialScenarios.shrinkList(scenario, SupervisorScenario::ops,
                    (s, ops) -> new SupervisorScenario(s.strategy(), s.intensity(), s.periodSeconds(), s.children(),
                            ops), 1, diverges, budget);
            scenario = DifferentialScenarios.shrinkList(scenario, SupervisorScenario::children,
                    (s, children) -> new SupervisorScenario(s.strategy(), s.intensity(), s.periodSeconds(),
                            children, s.ops()), 1, diverges, budget);
        } while (!scenario.equals(before) && !budget.exhausted());
        return scenario;
    }

    // ---------------------------------------------------------------- the generator

    /**
     * One scenario from {@code random}. About one scenario in 70 is timed: a 1 s period and waits past it; the
     * others never wait, with a 5 s period that no scenario outlasts.
     */
    static SupervisorScenario scenario(SplittableRandom random) {
        boolean timed = DifferentialScenarios.weighted(random, 69, 1) == 1;
        String strategy = DifferentialScenarios.oneOf(random, "one_for_one", "one_for_all", "rest_for_one");
        int intensity = List.of(0, 1, 2, 3, 5, 10).get(DifferentialScenarios.weighted(random, 1, 3, 4, 4, 3, 1));
        List<Child> children = new ArrayList<>();
        for (int i = 1, n = DifferentialScenarios.between(random, 3, 6); i <= n; i++) {
            children.add(child(random, "c" + i));
        }
        List<Op> ops = new ArrayList<>();
        for (int i = 0, n = DifferentialScenarios.between(random, 20, 50); i < n; i++) {
            ops.add(op(random, timed));
        }
        return new SupervisorScenario(strategy, intensity, timed ? 1 : 5, children, ops);
    }

    private static Child child(SplittableRandom random, String id) {
        return new Child(id, DifferentialScenarios.oneOf(random, "permanent", "transient", "temporary"),
                DifferentialScenarios.oneOf(random, "brutal_kill", "infinity", "500", "5000"));
    }

    /**
     * One operation, weighted: exit 40, terminate 10, restart 10, delete 6, start 6, fail_starts 7, which 3,
     * count 3, stop 1, and in a timed scenario wait 3.
     */
    private static Op op(SplittableRandom random, boolean timed) {
        int kind = timed ? DifferentialScenarios.weighted(random, 40, 10, 10, 6, 6, 7, 3, 3, 1, 3)
                : DifferentialScenarios.weighted(random, 40, 10, 10, 6, 6, 7, 3, 3, 1);
        return switch (kind) {
            case 0 -> new SupervisorScenario.ExitChild(id(random),
                    DifferentialScenarios.oneOf(random, "normal", "shutdown", "{shutdown, term}", "kill", "crash"));
            case 1 -> new SupervisorScenario.TerminateChild(id(random));
            case 2 -> new SupervisorScenario.RestartChild(id(random));
            case 3 -> new SupervisorScenario.DeleteChild(id(random));
            case 4 -> new SupervisorScenario.StartChild(child(random, id(random)));
            case 5 -> new SupervisorScenario.FailStarts(id(random), DifferentialScenarios.between(random, 1, 3));
            case 6 -> new SupervisorScenario.WhichChildren();
            case 7 -> new SupervisorScenario.CountChildren();
            case 8 -> new SupervisorScenario.Stop();
            default -> new SupervisorScenario.Wait(WAIT_PAST_PERIOD_MILLIS);
        };
    }

    private static String id(SplittableRandom random) {
        return DifferentialScenarios.oneOf(random, "c1", "c2", "c3", "c4", "c5", "c6", "c7");
    }
}
