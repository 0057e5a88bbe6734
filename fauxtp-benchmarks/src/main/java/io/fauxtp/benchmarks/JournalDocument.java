package io.fauxtp.benchmarks;

import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.Failure;
import io.fauxtp.workflow.JournalEntry;
import io.fauxtp.workflow.Outcome;
import io.fauxtp.workflow.Request;
import io.fauxtp.workflow.Suspension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic suspension of an order workflow that has completed {@code steps} awaits and waits for a
 * signal: mostly effect calls with arguments and map results, some durable sleeps and signals, some calls that
 * failed once before they succeeded and some that failed for good. Every value an {@code Object} field holds is
 * plain data (longs, doubles, strings, booleans, lists, maps), so JSON can hold the same suspension.
 */
final class JournalDocument {

    private static final String[] EFFECTS = {"payments", "inventory", "shipping", "mailer"};
    private static final String[] METHODS = {"charge", "reserve", "book", "send", "quote"};

    private JournalDocument() {}

    static Suspension build(int steps) {
        Random random = new Random(7);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("order", "order-4711");
        input.put("customer", "Zoë Müller");
        input.put("lines", List.of(List.of("SKU-1", 2L), List.of("SKU-9", 1L)));
        input.put("express", true);
        List<JournalEntry> journal = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            int kind = random.nextInt(20);
            if (kind == 0) {
                journal.add(new JournalEntry(new Request.Sleep(Duration.ofSeconds(30 + random.nextInt(600))),
                        new Outcome.Returned(null)));
            } else if (kind == 1) {
                Map<String, Object> approval = new LinkedHashMap<>();
                approval.put("approved", random.nextBoolean());
                approval.put("by", "clerk " + i);
                journal.add(new JournalEntry(new Request.SignalWait("approval"), new Outcome.Returned(approval)));
            } else {
                String effect = EFFECTS[random.nextInt(EFFECTS.length)];
                String method = METHODS[random.nextInt(METHODS.length)];
                List<Object> args = List.of("order-4711", (long) i, Math.round(random.nextDouble() * 100_000) / 100.0);
                Request.EffectCall call = new Request.EffectCall(effect, method, args);
                List<Failure> failed = kind == 2
                        ? List.of(new Failure("java.net.SocketTimeoutException", "Read timed out after 5000 ms",
                                Failure.of("java.io.IOException", "connection reset by peer")))
                        : List.of();
                if (kind == 3) {
                    Failure f = Failure.of("java.lang.IllegalStateException", "step " + i + ": the quote expired");
                    journal.add(new JournalEntry(call, new Outcome.Threw(f), List.of(f)));
                } else {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("status", "ok");
                    result.put("reference", effect + "-" + Long.toString(random.nextLong() & 0xFFFFFFFFL, 36));
                    result.put("amount", random.nextInt(1_000_000) / 100.0);
                    result.put("attempt", (long) failed.size() + 1);
                    journal.add(new JournalEntry(call, new Outcome.Returned(result), failed));
                }
            }
        }
        return new Suspension("run-3f2a9c", "order-fulfilment", 2, input, journal, new Await.Signal("shipped"),
                List.of(), Suspension.Status.WAITING, null, null);
    }
}
