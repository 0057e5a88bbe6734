package io.fauxtp.process.internal;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.Node;
import io.fauxtp.process.Pid;
import io.fauxtp.process.RegistryEvent;
import io.fauxtp.supervisor.ChildSpec;
import io.fauxtp.supervisor.Supervisor;
import io.fauxtp.supervisor.SupervisorSpec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run by {@link OneCarrierTest} in a JVM of its own whose virtual-thread scheduler has one carrier and which sees
 * one processor: calls, ping-pong, casts, a call that times out, a receive that times out and supervisor restarts
 * all come out right when waiting threads yield instead of spinning. Prints a line per check and exits 0, or the
 * failure and 1.
 */
public final class OneCarrierScenario {

    private OneCarrierScenario() {}

    static final int ROUNDS = 10_000;

    /** Answers a call with its request; "silent" is never answered; a cast is counted, "count" answers the count. */
    static final class Echo implements GenServer<long[]> {
        @Override
        public long[] init(Object args) {
            return new long[1];
        }

        @Override
        public CallResult<long[]> handleCall(Object request, From from, long[] casts) {
            if ("silent".equals(request)) {
                return CallResult.noReply(casts);
            }
            return CallResult.reply("count".equals(request) ? (Object) casts[0] : request, casts);
        }

        @Override
        public CastResult<long[]> handleCast(Object request, long[] casts) {
            casts[0]++;
            return CastResult.noReply(casts);
        }
    }

    record Ping(Pid from, int n) {}

    /** The registry told that {@code pid} now holds the name. */
    record Registered(Pid pid) {}

    public static void main(String[] args) {
        try (Node node = Node.create("one-carrier")) {
            run(node);
        } catch (Throwable t) {
            System.out.println("FAILED: " + t);
            t.printStackTrace(System.out);
            System.exit(1);
        }
        System.out.println("one-carrier scenario passed");
        System.exit(0);
    }

    private static void run(Node node) throws Exception {
        check("the scheduler has one carrier", Spin.CARRIERS == 1);
        check("one processor", Runtime.getRuntime().availableProcessors() == 1);
        CompletableFuture<Boolean> yields = new CompletableFuture<>();
        node.spawn(self -> yields.complete(Spin.mustYield()));
        check("a waiting process yields", yields.get(30, TimeUnit.SECONDS));
        check("a waiting platform thread yields", Spin.mustYield());

        Pid echo = GenServer.start(node, new Echo(), null);
        CompletableFuture<Integer> answered = new CompletableFuture<>();
        node.spawn(self -> {
            int right = 0;
            for (int i = 0; i < ROUNDS; i++) {
                if (Integer.valueOf(i).equals(GenServer.call(echo, i))) {
                    right++;
                }
            }
            answered.complete(right);
        });
        check("calls from a process answered in order", answered.get(60, TimeUnit.SECONDS) == ROUNDS);

        Pid ponger = node.spawn(self -> {
            while (true) {
                if (self.receive() instanceof Ping(Pid from, int n)) {
                    self.send(from, n);
                }
            }
        });
        CompletableFuture<Integer> pongs = new CompletableFuture<>();
        node.spawn(self -> {
            int right = 0;
            for (int i = 0; i < ROUNDS; i++) {
                self.send(ponger, new Ping(self.self(), i));
                if (Integer.valueOf(i).equals(self.receive())) {
                    right++;
                }
            }
            pongs.complete(right);
        });
        check("ping-pong between two processes", pongs.get(60, TimeUnit.SECONDS) == ROUNDS);

        for (int i = 0; i < 100_000; i++) {
            GenServer.cast(echo, i);
        }
        check("casts from a platform thread, then a call", (Long) GenServer.call(echo, "count") == 100_000L);

        boolean timedOut = false;
        try {
            GenServer.call(echo, "silent", Duration.ofMillis(100));
        } catch (CallTimeoutException expected) {
            timedOut = true;
        }
        check("a call that is never answered times out", timedOut);
        check("the server answers the next call", "next".equals(GenServer.call(echo, "next")));

        CompletableFuture<Boolean> nothing = new CompletableFuture<>();
        node.spawn(self -> nothing.complete(self.receive(m -> m, Duration.ofMillis(50)).isEmpty()));
        check("a receive with nothing to take times out", nothing.get(30, TimeUnit.SECONDS));

        Supervisor.start(node, SupervisorSpec.oneForOne(ChildSpec.genServer("echo", new Echo(), null)
                .withName("restarted")).withIntensity(Integer.MAX_VALUE, Duration.ofSeconds(1)));
        CompletableFuture<Integer> restarts = new CompletableFuture<>();
        AtomicReference<Pid> driver = new AtomicReference<>();
        try (AutoCloseable subscription = node.registry().subscribe(event -> {
            Pid to = driver.get();
            if (to != null && event instanceof RegistryEvent.Registered(String name, Pid pid)
                    && name.equals("restarted")) {
                node.send(to, new Registered(pid));
            }
        })) {
            Pid spawned = node.spawn(self -> {
                self.receive(m -> "go".equals(m) ? m : null); // once the subscription knows this process
                int answeredByNew = 0;
                for (int i = 0; i < 100; i++) {
                    Pid old = node.registry().whereis("restarted").orElseThrow();
                    self.exit(old, ExitReason.KILL);
                    // the registry tells when the supervisor has registered the new child
                    self.receive(m -> m instanceof Registered r && !r.pid().equals(old) ? r : null);
                    if ("who".equals(GenServer.call("restarted", "who"))) {
                        answeredByNew++;
                    }
                }
                restarts.complete(answeredByNew);
            });
            driver.set(spawned);
            node.send(spawned, "go");
            check("a killed child is restarted and answers by name", restarts.get(60, TimeUnit.SECONDS) == 100);
        }
    }

    private static void check(String what, boolean ok) {
        System.out.println((ok ? "ok: " : "FAILED: ") + what);
        if (!ok) {
            System.exit(1);
        }
    }
}
