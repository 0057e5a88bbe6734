package io.fauxtp.otp;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.process.Down;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Matcher;
import io.fauxtp.process.MonitorRef;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.supervisor.ChildCounts;
import io.fauxtp.supervisor.ChildInfo;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.ChildStartException;
import io.fauxtp.supervisor.ChildStatus;
import io.fauxtp.supervisor.ChildType;
import io.fauxtp.supervisor.Restart;
import io.fauxtp.supervisor.Shutdown;
import io.fauxtp.supervisor.StartFunction;
import io.fauxtp.supervisor.Strategy;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a {@link SupervisorScenario} through fauxtp's {@link Supervisor} and prints the trace the Erlang driver
 * prints for it: per operation its result and then, once no child waits between a failed restart and its
 * retry, every child as {@code id:run|undef|restarting/starts}, or how the supervisor ended.
 */
final class FauxtpSupervisorRun {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** What a scenario's child process is told to do. */
    private record ExitWith(String reason) {}

    private final SupervisorScenario scenario;
    private final Map<String, Integer> starts = new ConcurrentHashMap<>();
    private final Map<String, Integer> fails = new ConcurrentHashMap<>();

    private FauxtpSupervisorRun(SupervisorScenario scenario) {
        this.scenario = scenario;
    }

    /** The trace of {@code scenario} run on {@code node}. */
    static List<String> run(Node node, SupervisorScenario scenario) {
        FauxtpSupervisorRun run = new FauxtpSupervisorRun(scenario);
        CompletableFuture<List<String>> trace = new CompletableFuture<>();
        node.spawn(ctx -> {
            try {
                trace.complete(run.drive(ctx));
            } catch (Throwable t) {
                trace.completeExceptionally(t);
            }
        });
        try {
            return trace.get(PATIENCE.toSeconds() * 4, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fauxtp run of " + scenario + " failed: " + e, e);
        }
    }

    private List<String> drive(ProcessContext ctx) throws InterruptedException {
        ctx.trapExit(true);
        List<ChildSpec> specs = scenario.children().stream().map(this::spec).toList();
        SupervisorSpec spec = new SupervisorSpec(strategy(scenario.strategy()), scenario.intensity(),
                Duration.ofSeconds(scenario.periodSeconds()), specs);
        Pid sup = Supervisor.startLink(spec);
        MonitorRef mon = ctx.monitor(sup);
        List<String> trace = new ArrayList<>();
        int n = 1;
        boolean dead = false;
        for (SupervisorScenario.Op op : scenario.ops()) {
            String result = op(ctx, sup, op);
            String state = settle(ctx, sup, mon);
            trace.add(n++ + " " + name(op) + " -> " + result + " | " + state);
            if (state.startsWith("dead ")) {
                dead = true;
                break;
            }
        }
        if (!dead) {
            ctx.unlink(sup);
            ctx.demonitor(mon);
            MonitorRef last = ctx.monitor(sup);
            ctx.exit(sup, ExitReason.KILL);
            ctx.receive(Matcher.when(Down.class, d -> d.ref().equals(last)));
        }
        return trace;
    }

    // ---------------------------------------------------------------- children

    private ChildSpec spec(SupervisorScenario.Child child) {
        return new ChildSpec(child.id(), start(child.id()), restart(child.restart()), shutdown(child.shutdown()),
                ChildType.WORKER, null, null);
    }

    private StartFunction start(String id) {
        return parent -> {
            Integer left = fails.get(id);
            if (left != null && left > 0) {
                fails.put(id, left - 1);
                throw new IllegalStateException("injected start failure of " + id);
            }
            starts.merge(id, 1, Integer::sum);
            return parent.spawnLink(self -> {
                ExitWith exit = self.receive(Matcher.type(ExitWith.class));
                switch (exit.reason()) {
                    case "crash" -> throw new IllegalStateException("boom");
                    case "normal" -> self.exit(ExitReason.NORMAL);
                    case "shutdown" -> self.exit(ExitReason.SHUTDOWN);
                    case "{shutdown, term}" -> self.exit(ExitReason.shutdown("term"));
                    default -> throw new IllegalArgumentException(exit.reason());
                }
            });
        };
    }

    private static Strategy strategy(String name) {
        return Strategy.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static Restart restart(String name) {
        return Restart.valueOf(name.toUpperCase(Locale.ROOT));
    }

    private static Shutdown shutdown(String text) {
        return switch (text) {
            case "brutal_kill" -> Shutdown.brutalKill();
            case "infinity" -> Shutdown.infinity();
            default -> Shutdown.timeout(Duration.ofMillis(Integer.parseInt(text)));
        };
    }

    // ---------------------------------------------------------------- operations

    private String op(ProcessContext ctx, Pid sup, SupervisorScenario.Op op) throws InterruptedException {
        try {
            return switch (op) {
                case SupervisorScenario.ExitChild e -> exitChild(ctx, sup, e);
                case SupervisorScenario.TerminateChild t -> {
                    Supervisor.terminateChild(sup, t.id());
                    yield "ok";
                }
                case SupervisorScenario.RestartChild r -> {
                    Supervisor.restartChild(sup, r.id());
                    yield "ok";
                }
                case SupervisorScenario.DeleteChild d -> {
                    Supervisor.deleteChild(sup, d.id());
                    yield "ok";
                }
                case SupervisorScenario.StartChild s -> {
                    Supervisor.startChild(sup, spec(s.child()));
                    yield "ok";
                }
                case SupervisorScenario.FailStarts f -> {
                    fails.put(f.id(), f.count());
                    yield "ok";
                }
                case SupervisorScenario.WhichChildren w -> {
                    Supervisor.whichChildren(sup);
                    yield "ok";
                }
                case SupervisorScenario.CountChildren c -> {
                    ChildCounts counts = Supervisor.countChildren(sup);
                    yield "specs=" + counts.specs() + " active=" + counts.active() + " workers=" + counts.workers();
                }
                case SupervisorScenario.Wait w -> {
                    Thread.sleep(w.millis());
                    yield "ok";
                }
                case SupervisorScenario.Stop s -> {
                    Supervisor.stop(sup);
                    yield "ok";
                }
            };
        } catch (ChildStartException e) {
            return "start_failed";
        } catch (CallExitException e) {
            return "exit " + reason(e.reason());
        } catch (IllegalArgumentException e) {
            return e.getMessage().contains("has no child") ? "not_found" : "other " + e.getMessage();
        } catch (IllegalStateException e) {
            String m = e.getMessage();
            if (m.contains("already has a child")) {
                return m.contains("(running)") ? "already_started" : "already_present";
            }
            if (m.contains("is running")) {
                return "running";
            }
            if (m.contains("restarting")) {
                return "restarting";
            }
            return "other " + m;
        }
    }

    private String exitChild(ProcessContext ctx, Pid sup, SupervisorScenario.ExitChild e) throws InterruptedException {
        Optional<Pid> pid = Supervisor.whichChildren(sup).stream()
                .filter(c -> c.id().equals(e.id()) && c.status() == ChildStatus.RUNNING)
                .map(ChildInfo::pid)
                .findFirst();
        if (pid.isEmpty()) {
            return "not_running";
        }
        MonitorRef ref = ctx.monitor(pid.get());
        if (e.reason().equals("kill")) {
            ctx.exit(pid.get(), ExitReason.KILL);
        } else {
            ctx.send(pid.get(), new ExitWith(e.reason()));
        }
        ctx.receive(Matcher.when(Down.class, d -> d.ref().equals(ref)));
        return "ok";
    }

    /** Waits until no child is between a failed restart and its retry; the children, or how the supervisor ended. */
    private String settle(ProcessContext ctx, Pid sup, MonitorRef mon) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            List<ChildInfo> children;
            try {
                children = Supervisor.whichChildren(sup);
            } catch (RuntimeException callFailed) {
                Optional<Down> down = ctx.receive(Matcher.when(Down.class, d -> d.ref().equals(mon)), PATIENCE);
                return down.map(d -> "dead " + reason(d.reason()))
                        .orElse("call_failed_but_alive " + callFailed);
            }
            if (children.stream().noneMatch(c -> c.status() == ChildStatus.RESTARTING)) {
                return children.stream()
                        .map(c -> c.id() + ":" + status(c.status()) + "/" + starts.getOrDefault(c.id(), 0))
                        .collect(Collectors.joining(" "));
            }
            Thread.sleep(1);
        }
        return "unsettled";
    }

    private static String status(ChildStatus status) {
        return switch (status) {
            case RUNNING -> "run";
            case TERMINATED -> "undef";
            case RESTARTING -> "restarting";
        };
    }

    private static String name(SupervisorScenario.Op op) {
        return switch (op) {
            case SupervisorScenario.ExitChild e -> "exit " + e.id() + " " + e.reason().replace(" ", "");
            case SupervisorScenario.TerminateChild t -> "terminate " + t.id();
            case SupervisorScenario.RestartChild r -> "restart " + r.id();
            case SupervisorScenario.DeleteChild d -> "delete " + d.id();
            case SupervisorScenario.StartChild s -> "start " + s.child().id() + " " + s.child().restart() + " "
                    + s.child().shutdown();
            case SupervisorScenario.FailStarts f -> "fail_starts " + f.id() + " " + f.count();
            case SupervisorScenario.WhichChildren w -> "which";
            case SupervisorScenario.CountChildren c -> "count";
            case SupervisorScenario.Wait w -> "wait " + w.millis();
            case SupervisorScenario.Stop s -> "stop";
        };
    }

    /** An exit reason as the Erlang driver prints it. */
    static String reason(ExitReason reason) {
        return switch (reason) {
            case ExitReason.Normal n -> "normal";
            case ExitReason.Shutdown s when s.detail() == null -> "shutdown";
            case ExitReason.Shutdown s -> "{shutdown," + s.detail() + "}";
            case ExitReason.Killed k -> "killed";
            case ExitReason.NoProcess p -> "noproc";
            default -> "other " + reason;
        };
    }
}
