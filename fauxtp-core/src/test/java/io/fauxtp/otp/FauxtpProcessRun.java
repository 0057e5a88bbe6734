package io.fauxtp.otp;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.StartOptions;
import io.fauxtp.process.Down;
import io.fauxtp.process.Exit;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.process.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a {@link ProcessScenario} through fauxtp and prints the trace the Erlang driver prints for it. */
final class FauxtpProcessRun {

    private static final Duration NEWS_WAIT = Duration.ofSeconds(2);

    // The puppets' protocol (messages, so a reply and a Down can be waited for together).
    private record Do(Pid from, String op, Pid target) {}

    private record Done(Pid from, String reply) {}

    private record Report(Pid from, boolean targetDead, Map<Pid, String> names) {}

    private record Reported(Pid from, List<String> got) {}

    private record Sync(Pid from) {}

    private record Synced(Pid from) {}

    private record ExitWith(ExitReason reason) {}

    private record Ping() {}

    private record Crash() {}

    private record StopWith(ExitReason reason) {}

    private final ProcessScenario scenario;

    private FauxtpProcessRun(ProcessScenario scenario) {
        this.scenario = scenario;
    }

    static List<String> run(Node node, ProcessScenario scenario) {
        CompletableFuture<List<String>> trace = new CompletableFuture<>();
        node.spawn(ctx -> {
            try {
                trace.complete(new FauxtpProcessRun(scenario).drive(ctx));
            } catch (Throwable t) {
                trace.completeExceptionally(t);
            }
        });
        try {
            return trace.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fauxtp run of " + scenario + " failed: " + e, e);
        }
    }

    // ---------------------------------------------------------------- the driver

    private List<String> drive(ProcessContext ctx) throws InterruptedException {
        ctx.trapExit(true);
        Pid o = ctx.spawn(scenario.observerTraps() ? SpawnOptions.defaults().withTrapExit() : SpawnOptions.defaults(),
                self -> puppet(self, scenario.observerTraps()));
        Pid t;
        if (scenario.targetIsServer()) {
            t = GenServer.start(ctx.node(), new Target(), null,
                    StartOptions.defaults().withTrapExit(scenario.targetTraps()));
        } else {
            t = ctx.spawn(scenario.targetTraps() ? SpawnOptions.defaults().withTrapExit() : SpawnOptions.defaults(),
                    self -> puppet(self, scenario.targetTraps()));
        }
        MonitorRef om = ctx.monitor(o);
        MonitorRef tm = ctx.monitor(t);
        Map<Pid, String> names = new HashMap<>(Map.of(o, "O", t, "T", ctx.self(), "driver"));
        String oDead = null;
        String tDead = null;
        List<String> trace = new ArrayList<>();
        int n = 1;
        for (String op : scenario.ops()) {
            String result = op(ctx, op, o, om, t, tm, oDead != null, tDead != null);
            // settle: the target first, then the observer (which waits for its news of a dead target)
            if (tDead == null) {
                tDead = report(ctx, t, tm, false, names, trace);
            }
            String tState = tDead != null ? "dead " + tDead : lastReport;
            if (oDead == null) {
                oDead = report(ctx, o, om, tDead != null, names, trace);
            }
            String oState = oDead != null ? "dead " + oDead : lastReport;
            trace.add(n++ + " " + name(op) + " -> " + result + " | O " + oState + "; T " + tState);
        }
        for (Pid p : List.of(o, t)) {
            MonitorRef last = ctx.monitor(p);
            ctx.exit(p, ExitReason.KILL);
            ctx.receive(Matcher.when(Down.class, d -> d.ref().equals(last)));
        }
        return trace;
    }

    private String lastReport;

    /** Asks {@code p} what it got; returns its exit reason if it is dead (then {@link #lastReport} is stale). */
    private String report(ProcessContext ctx, Pid p, MonitorRef ref, boolean targetDead, Map<Pid, String> names,
                          List<String> trace) throws InterruptedException {
        ctx.send(p, new Report(ctx.self(), targetDead, names));
        Object answer = ctx.receive(Matcher.when(Object.class,
                m -> m instanceof Reported r && r.from().equals(p) || m instanceof Down d && d.ref().equals(ref)));
        if (answer instanceof Reported r) {
            lastReport = "alive [" + String.join(", ", r.got()) + "]";
            return null;
        }
        return reason(((Down) answer).reason());
    }

    private String op(ProcessContext ctx, String op, Pid o, MonitorRef om, Pid t, MonitorRef tm, boolean oDead,
                      boolean tDead) throws InterruptedException {
        switch (op) {
            case "link", "unlink", "monitor" -> {
                if (oDead) {
                    return "observer_dead";
                }
                ctx.send(o, new Do(ctx.self(), op, t));
                Object answer = ctx.receive(Matcher.when(Object.class,
                        m -> m instanceof Done done && done.from().equals(o) || m instanceof Down down && down.ref().equals(om)));
                if (answer instanceof Done d) {
                    return d.reply();
                }
                ctx.send(ctx.self(), answer);   // the report finds it
                return "observer_died";
            }
            case "call_ping" -> {
                return call(t, new Ping());
            }
            case "call_crash" -> {
                return call(t, new Crash());
            }
            default -> { }
        }
        String kind = op.substring(1, op.indexOf(','));
        ExitReason reason = exitReason(op.substring(op.indexOf(',') + 2, op.length() - 1));
        switch (kind) {
            case "exit_signal" -> {
                ctx.exit(t, reason);
                if (!tDead) {
                    syncTarget(ctx, t, tm);
                }
                return "ok";
            }
            case "self_exit" -> {
                if (scenario.targetIsServer()) {
                    GenServer.cast(t, new StopWith(reason));
                } else {
                    ctx.send(t, new ExitWith(reason));
                }
                if (!tDead) {
                    syncTarget(ctx, t, tm);
                }
                return "ok";
            }
            case "call_stop" -> {
                return call(t, new StopWith(reason));
            }
            case "gen_stop" -> {
                try {
                    GenServer.stop(t, reason, Duration.ofSeconds(30));
                    return "ok";
                } catch (CallExitException e) {
                    return "exit " + reason(e.reason());
                }
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    private static String call(Pid t, Object request) {
        try {
            Object reply = GenServer.call(t, request);
            return String.valueOf(reply);
        } catch (CallExitException e) {
            return "exit " + reason(e.reason());
        }
    }

    private static void syncTarget(ProcessContext ctx, Pid t, MonitorRef tm) throws InterruptedException {
        ctx.send(t, new Sync(ctx.self()));
        Object answer = ctx.receive(Matcher.when(Object.class,
                m -> m instanceof Synced s && s.from().equals(t) || m instanceof Down d && d.ref().equals(tm)));
        if (answer instanceof Down) {
            ctx.send(ctx.self(), answer);   // the report finds it
        }
    }

    // ---------------------------------------------------------------- the puppets

    private static void puppet(ProcessContext self, boolean traps) throws InterruptedException {
        List<Object> got = new ArrayList<>();
        List<Object> watching = new ArrayList<>();   // Pid (linked) or MonitorRef
        while (true) {
            Object m = self.receive();
            switch (m) {
                case Do d -> {
                    switch (d.op()) {
                        case "link" -> {
                            self.link(d.target());
                            watching.add(d.target());
                        }
                        case "unlink" -> {
                            self.unlink(d.target());
                            watching.removeIf(d.target()::equals);
                        }
                        default -> watching.add(self.monitor(d.target()));
                    }
                    self.send(d.from(), new Done(self.self(), "ok"));
                }
                case Report r -> {
                    if (r.targetDead()) {
                        awaitNews(self, traps, got, watching);
                    }
                    self.send(r.from(), new Reported(self.self(), describe(got, r.names())));
                }
                case Sync s -> self.send(s.from(), new Synced(self.self()));
                case ExitWith e -> self.exit(e.reason());
                default -> got.add(m);
            }
        }
    }

    private static void awaitNews(ProcessContext self, boolean traps, List<Object> got, List<Object> watching)
            throws InterruptedException {
        for (Object w : watching) {
            if (w instanceof Pid linked && traps
                    && got.stream().noneMatch(m -> m instanceof Exit e && e.from().equals(linked))) {
                self.receive(Matcher.when(Exit.class, e -> e.from().equals(linked)), NEWS_WAIT).ifPresent(got::add);
            } else if (w instanceof MonitorRef ref
                    && got.stream().noneMatch(m -> m instanceof Down d && d.ref().equals(ref))) {
                self.receive(Matcher.when(Down.class, d -> d.ref().equals(ref)), NEWS_WAIT).ifPresent(got::add);
            }
        }
    }

    private static List<String> describe(List<Object> got, Map<Pid, String> names) {
        return got.stream().map(m -> switch (m) {
            case Exit e -> "EXIT from " + names.getOrDefault(e.from(), "other") + " " + reason(e.reason());
            case Down d -> "DOWN of " + names.getOrDefault(d.pid(), "other") + " " + reason(d.reason());
            default -> "other " + m;
        }).toList();
    }

    /** The GenServer target: answers ping, crashes, stops on request; keeps the other messages it gets. */
    private static final class Target implements GenServer<List<Object>> {
        @Override
        public List<Object> init(Object args) {
            return new ArrayList<>();
        }

        @Override
        public CallResult<List<Object>> handleCall(Object request, From from, List<Object> got) {
            return switch (request) {
                case Ping p -> CallResult.reply("pong", got);
                case StopWith s -> CallResult.stop(s.reason(), "ok", got);
                default -> throw new IllegalStateException("boom");
            };
        }

        @Override
        public CastResult<List<Object>> handleCast(Object request, List<Object> got) {
            return CastResult.stop(((StopWith) request).reason(), got);
        }

        @Override
        public CastResult<List<Object>> handleInfo(Object message, List<Object> got) {
            switch (message) {
                case Sync s -> ProcessContext.current().send(s.from(), new Synced(ProcessContext.current().self()));
                case Report r -> ProcessContext.current().send(r.from(),
                        new Reported(ProcessContext.current().self(), describe(got, r.names())));
                default -> got.add(message);
            }
            return CastResult.noReply(got);
        }
    }

    // ---------------------------------------------------------------- reasons

    private static ExitReason exitReason(String erlang) {
        return switch (erlang) {
            case "normal" -> ExitReason.NORMAL;
            case "shutdown" -> ExitReason.SHUTDOWN;
            case "{shutdown, term}" -> ExitReason.shutdown("term");
            case "kill" -> ExitReason.KILL;
            case "boom" -> ExitReason.of("boom");
            default -> throw new IllegalArgumentException(erlang);
        };
    }

    private static String name(String op) {
        if (!op.startsWith("{")) {
            return op;
        }
        String kind = op.substring(1, op.indexOf(','));
        return kind + " " + op.substring(op.indexOf(',') + 2, op.length() - 1).replace(" ", "");
    }

    /** An exit reason as the Erlang driver prints it ({@code crash} for an exception, as for Erlang's error). */
    static String reason(ExitReason reason) {
        return switch (reason) {
            case ExitReason.Error e -> "crash";
            case ExitReason.Custom c -> String.valueOf(c.term());
            default -> FauxtpSupervisorRun.reason(reason);
        };
    }
}
