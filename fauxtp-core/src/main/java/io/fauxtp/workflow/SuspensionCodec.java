package io.fauxtp.workflow;

import io.fauxtp.text.Call;
import io.fauxtp.text.LoadLimits;
import io.fauxtp.text.TextCodec;
import io.fauxtp.text.TextDumpException;
import io.fauxtp.text.TextFormat;
import io.fauxtp.text.TextFormatException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes {@link Suspension}s in the text format and reads them back, through a {@link TextCodec} that knows
 * the workflow types, {@link Instant}, {@link Duration}, {@link NamedReference} and the application's own
 * registered types (inputs, effect arguments and results, signal values) and nothing else.
 *
 * <p>Reading is as strict as the text format: a constructor name that is not registered, nesting or size over
 * the limits, a bad {@code ref(N)}, a missing or unknown argument, an inconsistent suspension or a named
 * reference the {@link Environment} lacks are all rejected with a {@link TextFormatException} giving line,
 * column and reason. Nothing is ever resolved from a class name in the text.
 *
 * <pre>{@code
 * SuspensionCodec codec = SuspensionCodec.of(TextCodec.builder().record(Order.class, "shop.Order").build());
 * String text = codec.dump(suspension);
 * Suspension again = codec.load(text);
 * }</pre>
 */
public final class SuspensionCodec {

    /** The constructor names this codec adds to the application's codec. */
    public static final Set<String> RESERVED_NAMES = Set.of("wf.Suspension", "wf.Step", "wf.Call", "wf.SignalWait",
            "wf.Sleep", "wf.Now", "wf.Returned", "wf.Threw", "wf.Failure", "wf.AwaitEffect", "wf.AwaitSignal",
            "wf.AwaitTimer", "wf.Signal", "time.Instant", "time.Duration", "named");

    private final TextCodec codec;
    private final TextFormat format;

    private SuspensionCodec(TextCodec codec, TextFormat format) {
        this.codec = codec;
        this.format = format;
    }

    /** A codec for suspensions whose values use plain data only. */
    public static SuspensionCodec standard() {
        return of(TextCodec.standard(), Environment.empty());
    }

    /** A codec for suspensions whose values use {@code types} (the application's registered types). */
    public static SuspensionCodec of(TextCodec types) {
        return of(types, Environment.empty());
    }

    /**
     * A codec for suspensions whose values use {@code types}, resolving named references through
     * {@code environment}.
     *
     * @throws IllegalArgumentException when {@code types} already uses one of {@link #RESERVED_NAMES}
     */
    public static SuspensionCodec of(TextCodec types, Environment environment) {
        Objects.requireNonNull(types, "types");
        Objects.requireNonNull(environment, "environment");
        for (String name : types.constructorNames()) {
            if (RESERVED_NAMES.contains(name)) {
                throw new IllegalArgumentException("the application's text codec registers '" + name + "', a name "
                        + "suspensions use; register that type under another name");
            }
        }
        TextCodec.Builder b = types.toBuilder();
        // written through Writers, not reducers: no Call per value (a journal holds thousands of them)
        type(b, Instant.class, "time.Instant", (i, out) -> out.arg(i.toString()),
                c -> Instant.parse(only(c, 1).arg(0, String.class)));
        type(b, Duration.class, "time.Duration", (d, out) -> out.arg(d.toString()),
                c -> Duration.parse(only(c, 1).arg(0, String.class)));
        type(b, NamedReference.class, "named", (r, out) -> out.arg(r.name()),
                c -> environment.reference(only(c, 1).arg(0, String.class)));
        type(b, Failure.class, "wf.Failure", SuspensionCodec::writeFailure, SuspensionCodec::constructFailure);
        type(b, Request.EffectCall.class, "wf.Call", (r, out) -> out.arg(r.effect()).arg(r.method()).arg(r.args()),
                c -> {
                    only(c, 3);
                    return new Request.EffectCall(c.arg(0, String.class), c.arg(1, String.class),
                            c.arg(2, List.class));
                });
        type(b, Request.SignalWait.class, "wf.SignalWait", (r, out) -> out.arg(r.name()),
                c -> new Request.SignalWait(only(c, 1).arg(0, String.class)));
        type(b, Request.Sleep.class, "wf.Sleep", (r, out) -> out.arg(r.duration()),
                c -> new Request.Sleep(only(c, 1).arg(0, Duration.class)));
        type(b, Request.CurrentTime.class, "wf.Now", (r, out) -> { }, c -> {
            only(c, 0);
            return new Request.CurrentTime();
        });
        type(b, Outcome.Returned.class, "wf.Returned", (o, out) -> out.arg(o.value()),
                c -> new Outcome.Returned(only(c, 1).arg(0)));
        type(b, Outcome.Threw.class, "wf.Threw", (o, out) -> out.arg(o.failure()),
                c -> new Outcome.Threw(only(c, 1).arg(0, Failure.class)));
        type(b, JournalEntry.class, "wf.Step", SuspensionCodec::writeEntry, SuspensionCodec::constructEntry);
        type(b, Await.Effect.class, "wf.AwaitEffect",
                (a, out) -> out.arg(a.call()).arg(a.failedAttempts()).kwarg("retry_at", a.retryAt()),
                c -> {
                    check(c, 2, "retry_at");
                    return new Await.Effect(c.arg(0, Request.EffectCall.class), failures(c.arg(1, List.class), c),
                            c.kwarg("retry_at", Instant.class));
                });
        type(b, Await.Signal.class, "wf.AwaitSignal", (a, out) -> out.arg(a.name()),
                c -> new Await.Signal(only(c, 1).arg(0, String.class)));
        type(b, Await.Timer.class, "wf.AwaitTimer", (a, out) -> out.arg(a.duration()).arg(a.due()),
                c -> new Await.Timer(only(c, 2).arg(0, Duration.class), c.arg(1, Instant.class)));
        type(b, SignalMessage.class, "wf.Signal", (m, out) -> out.arg(m.name()).arg(m.value()),
                c -> new SignalMessage(only(c, 2).arg(0, String.class), c.arg(1)));
        type(b, Suspension.class, "wf.Suspension", SuspensionCodec::writeSuspension,
                SuspensionCodec::constructSuspension);
        return new SuspensionCodec(b.build(), TextFormat.pretty());
    }

    /** Registers {@code type} under {@code name}: written by {@code writer}, read by {@code constructor}. */
    private static <T> void type(TextCodec.Builder b, Class<T> type, String name, TextCodec.Writer<? super T> writer,
            TextCodec.Constructor constructor) {
        b.constructor(name, constructor).writer(type, name, writer);
    }

    /** This codec writing in {@code format} (pretty by default). */
    public SuspensionCodec withFormat(TextFormat format) {
        return new SuspensionCodec(codec, Objects.requireNonNull(format, "format"));
    }

    /**
     * The text of {@code suspension}, which {@link #load(String)} reads back.
     *
     * @throws TextDumpException when the suspension cannot be written as text the loader accepts: a value of an
     *     unregistered type, nesting deeper than {@link LoadLimits#maxDepth()}, or text longer than
     *     {@link LoadLimits#maxInputChars()} (a store refuses to keep what it could never read back)
     */
    public String dump(Suspension suspension) {
        Objects.requireNonNull(suspension, "suspension");
        String text;
        try {
            text = codec.dump(suspension, format);
        } catch (TextDumpException e) {
            // The dumper stops where the text goes over a load limit; say which run could not be stored.
            throw new TextDumpException(e.path(), "the suspension of run " + suspension.id() + " of workflow '"
                    + suspension.workflow() + "' cannot be written: " + e.reason(), e);
        }
        LoadLimits limits = codec.limits();
        if (text.length() > limits.maxInputChars()) {
            throw new TextDumpException("", "the suspension of run " + suspension.id() + " of workflow '"
                    + suspension.workflow() + "' is " + text.length() + " characters of text, over the "
                    + limits.maxInputChars() + " the loader reads (LoadLimits.maxInputChars), so it could never be "
                    + "read back; keep large values out of workflow inputs, effect results and signals (store them "
                    + "elsewhere and pass their key)", null);
        }
        return text;
    }

    /**
     * The text of {@code suspension} without its journal: the header a store keeps apart from the journal's
     * entries ({@link #dumpEntry}). It is a suspension text itself, with {@code journal=[]}, on one line (the
     * compact form: a store writes less, and {@link #dump} still gives the pretty form to show).
     */
    String dumpHeader(Suspension suspension) {
        return withFormat(TextFormat.compact()).dump(suspension.advanced(List.of(), suspension.awaiting(),
                suspension.inbox(), suspension.status(), suspension.result(), suspension.failure()));
    }

    /**
     * The text of one journal entry ({@code wf.Step(...)}) of run {@code id}, as a store appends it: on one line
     * (the compact form).
     *
     * @throws TextDumpException as {@link #dump(Suspension)} does, for this entry alone
     */
    String dumpEntry(Suspension run, int step, JournalEntry entry) {
        String text;
        try {
            text = codec.dump(entry, TextFormat.compact());
        } catch (TextDumpException e) {
            throw new TextDumpException(e.path(), "step " + step + " of run " + run.id() + " of workflow '"
                    + run.workflow() + "' cannot be written: " + e.reason(), e);
        }
        if (text.length() > codec.limits().maxInputChars()) {
            throw new TextDumpException("", "step " + step + " of run " + run.id() + " of workflow '"
                    + run.workflow() + "' is " + text.length() + " characters of text, over the "
                    + codec.limits().maxInputChars() + " the loader reads (LoadLimits.maxInputChars), so it could "
                    + "never be read back; keep large values out of effect results and signals (store them "
                    + "elsewhere and pass their key)", null);
        }
        return text;
    }

    /** The journal entry written in {@code text} by {@link #dumpEntry}. */
    JournalEntry loadEntry(String text) {
        return codec.load(text, JournalEntry.class);
    }

    /**
     * The suspension written in {@code text}.
     *
     * @throws TextFormatException with line, column and reason when the text is malformed, over the limits,
     *     uses an unregistered name, or does not describe a consistent suspension
     */
    public Suspension load(String text) {
        return codec.load(text, Suspension.class);
    }

    /** The underlying text codec (the application's types plus the workflow types). */
    public TextCodec textCodec() {
        return codec;
    }

    private static void writeSuspension(Suspension s, TextCodec.Arguments out) {
        out.kwarg("id", s.id()).kwarg("workflow", s.workflow()).kwarg("version", s.version())
                .kwarg("status", s.status().name()).kwarg("input", s.input()).kwarg("journal", s.journal());
        if (!(s.awaiting() instanceof Await.Nothing)) {
            out.kwarg("awaiting", s.awaiting());
        }
        if (!s.inbox().isEmpty()) {
            out.kwarg("inbox", s.inbox());
        }
        if (s.status() == Suspension.Status.COMPLETED) {
            out.kwarg("result", s.result());
        }
        if (s.failure() != null) {
            out.kwarg("failure", s.failure());
        }
    }

    private static Suspension constructSuspension(Call c) {
        check(c, 0, "id", "workflow", "version", "status", "input", "journal", "awaiting", "inbox", "result",
                "failure");
        String statusName = c.kwarg("status", String.class);
        Suspension.Status status;
        try {
            status = Suspension.Status.valueOf(statusName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wf.Suspension(...): status must be one of "
                    + Arrays.toString(Suspension.Status.values()) + ", not '" + statusName + "'");
        }
        Map<String, Object> kw = c.kwargs();
        List<JournalEntry> journal = listOf(c.kwarg("journal", List.class), JournalEntry.class, c, "journal");
        Await awaiting = kw.containsKey("awaiting") ? c.kwarg("awaiting", Await.class) : Await.NOTHING;
        List<SignalMessage> inbox = kw.containsKey("inbox")
                ? listOf(c.kwarg("inbox", List.class), SignalMessage.class, c, "inbox") : List.of();
        return new Suspension(c.kwarg("id", String.class), c.kwarg("workflow", String.class),
                intOf(c.kwarg("version", Long.class), c), c.kwarg("input"), journal, awaiting, inbox, status,
                kw.get("result"), kw.containsKey("failure") ? c.kwarg("failure", Failure.class) : null);
    }

    private static void writeEntry(JournalEntry e, TextCodec.Arguments out) {
        out.arg(e.request()).arg(e.outcome());
        if (!e.failedAttempts().isEmpty()) {
            out.kwarg("failed", e.failedAttempts());
        }
    }

    private static JournalEntry constructEntry(Call c) {
        check(c, 2, "failed");
        List<Failure> failed = c.kwargs().containsKey("failed") ? failures(c.kwarg("failed", List.class), c)
                : List.of();
        return new JournalEntry(c.arg(0, Request.class), c.arg(1, Outcome.class), failed);
    }

    private static void writeFailure(Failure f, TextCodec.Arguments out) {
        out.arg(f.type()).arg(f.message());
        if (f.cause() != null) {
            out.kwarg("cause", f.cause());
        }
    }

    private static Failure constructFailure(Call c) {
        check(c, 2, "cause");
        return new Failure(c.arg(0, String.class), c.arg(1, String.class),
                c.kwargs().containsKey("cause") ? c.kwarg("cause", Failure.class) : null);
    }

    private static List<Failure> failures(List<?> list, Call c) {
        return listOf(list, Failure.class, c, "failures");
    }

    private static <T> List<T> listOf(List<?> list, Class<T> type, Call c, String what) {
        List<T> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!type.isInstance(o)) {
                throw new IllegalArgumentException(c.name() + "(...): every element of " + what + " must be a "
                        + type.getSimpleName() + ", got " + (o == null ? "None" : "a " + o.getClass().getSimpleName()));
            }
            out.add(type.cast(o));
        }
        return out;
    }

    private static int intOf(Long value, Call c) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(c.name() + "(...): " + value + " is out of range");
        }
        return value.intValue();
    }

    private static Call only(Call c, int positional) {
        return check(c, positional);
    }

    private static Call check(Call c, int positional, String... keywords) {
        if (c.args().size() != positional) {
            throw new IllegalArgumentException(c.name() + "(...) takes " + positional + " positional argument(s), got "
                    + c.args().size());
        }
        List<String> allowed = List.of(keywords);
        for (String k : c.kwargs().keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(c.name() + "(...) has no keyword argument '" + k + "'"
                        + (allowed.isEmpty() ? "" : " (it takes " + String.join(", ", allowed) + ")"));
            }
        }
        return c;
    }
}
