package io.fauxtp.text;

import io.fauxtp.text.internal.Dumper;
import io.fauxtp.text.internal.LoadSpare;
import io.fauxtp.text.internal.Loader;
import io.fauxtp.text.internal.Names;
import io.fauxtp.text.internal.RecordSupport;
import io.fauxtp.text.internal.WrittenType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Dumps values to otf's text format and loads them back, knowing a fixed set of custom types. Immutable and
 * thread-safe: build one with {@link #builder()} and share it.
 *
 * <p>Plain data needs no registration (see the type mapping in docs/text-format.md and on {@link Text}). Any other type
 * is written as a call {@code name(args..., key=value...)} by its registered {@link Reducer} and rebuilt by the
 * {@link Constructor} registered under that name. Loading looks constructor names up in this registry only:
 * never {@code Class.forName}, never reflection on a name taken from the input. Everything else about loading is
 * bounded by {@link LoadLimits}.
 *
 * <pre>{@code
 * TextCodec codec = TextCodec.builder()
 *         .record(Point.class, "geo.Point")      // Point(1, 2) <-> geo.Point(1, 2)
 *         .enumType(Color.class, "geo.Color")    // Color.RED   <-> geo.Color('RED')
 *         .build();
 * }</pre>
 */
public final class TextCodec {

    /** Turns a value of a registered type into its written form. */
    @FunctionalInterface
    public interface Reducer<T> {
        Call reduce(T value) throws Exception;
    }

    /**
     * Writes a value of a registered type as the arguments of its call, straight into the text: what a
     * {@link Reducer} does without building a {@link Call} (its argument list, keyword map and the call itself)
     * per value, which is most of what a dump of many small custom values allocates. The text is the same as
     * the {@code Call} that gives the same arguments to {@link Arguments} in the same order. Registered with
     * {@link Builder#writer}.
     */
    @FunctionalInterface
    public interface Writer<T> {
        /**
         * Gives the arguments of {@code value}'s call to {@code arguments}, positional ones first, each once;
         * {@code arguments} is valid during this call only: do not keep it. What writing a given value throws
         * ends the dump as it would from a reducer's {@code Call}, also if the writer catches it and goes on.
         */
        void write(T value, Arguments arguments) throws Exception;
    }

    /**
     * The arguments of the call a {@link Writer} writes; each is written as it is given (a registered value
     * among them through its own reducer or writer). Every method returns this object.
     */
    public interface Arguments {
        /**
         * The next positional argument.
         *
         * @throws IllegalStateException after a keyword argument, or once the dump has ended (used again while
         *     another writer of the same dump runs, it would write into that writer's call: do not keep it)
         */
        Arguments arg(Object value);

        /**
         * A keyword argument {@code key=value}.
         *
         * @throws IllegalArgumentException when {@code key} is not a Python identifier or was given already
         * @throws IllegalStateException once the dump has ended (see {@link #arg})
         */
        Arguments kwarg(String key, Object value);
    }

    /**
     * Builds a value from its written form; thrown exceptions become a positioned {@link TextFormatException}.
     * Keep constructors free of side effects: a load may build a value more than once (when it has to re-read a
     * document whose tuple and set literals it could not classify in one pass).
     */
    @FunctionalInterface
    public interface Constructor {
        Object construct(Call call) throws Exception;
    }

    private static final TextCodec STANDARD = new Builder().build();

    private final Map<String, Constructor> constructors;
    private final Map<Class<?>, Reducer<?>> reducers;
    private final LoadLimits limits;
    private final Dumper dumper;
    /** The loads' arrays kept for the next load. */
    private final LoadSpare loads = new LoadSpare();

    private TextCodec(Builder b) {
        this.constructors = Collections.unmodifiableMap(new LinkedHashMap<>(b.constructors));
        this.reducers = Collections.unmodifiableMap(new LinkedHashMap<>(b.reducers));
        this.limits = b.limits;
        this.dumper = new Dumper(reducers, limits);
    }

    /** The codec for plain data only, with the default limits. */
    public static TextCodec standard() {
        return STANDARD;
    }

    /** A builder with no custom types and the default limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this codec's registrations and limits, to derive a codec from it. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.constructors.putAll(constructors);
        b.reducers.putAll(reducers);
        b.limits = limits;
        return b;
    }

    /** The value in the compact (one-line) format. */
    public String dump(Object value) {
        return dumper.dump(value, TextFormat.compact());
    }

    /**
     * The value in the given format.
     *
     * @throws TextDumpException for a type with no reducer, a value that contains itself, or a value whose text
     *     this codec could not load back: over any of its {@link LoadLimits} (depth, nodes, references, integer
     *     digits, expanded size, text length); the exception's path names the value that crossed the limit
     */
    public String dump(Object value, TextFormat format) {
        return dumper.dump(value, Objects.requireNonNull(format, "format"));
    }

    /**
     * The value written in {@code text} (any of otf's formats, including the executable one's prelude of
     * {@code name = expr} bindings).
     *
     * @throws TextFormatException with line and column for anything wrong with the text or over the limits
     */
    public Object load(String text) {
        return loads.load(Objects.requireNonNull(text, "text"), constructors, limits);
    }

    /**
     * The value written in {@code text}, which must be a {@code type}: {@code None} is not one.
     *
     * @throws TextFormatException as {@link #load(String)}, or when the value is not a {@code type}
     */
    public <T> T load(String text, Class<T> type) {
        Object value = load(text);
        if (!type.isInstance(value)) {
            throw new Loader(text, constructors, limits).errorAtDocument("expected the document to hold a "
                    + type.getSimpleName() + ", it holds " + (value == null ? "None"
                            : "a " + value.getClass().getSimpleName()));
        }
        return type.cast(value);
    }

    /** The limits {@link #load(String)} enforces. */
    public LoadLimits limits() {
        return limits;
    }

    /** The constructor names {@link #load(String)} accepts, besides the built-in {@code tuple} and {@code set}. */
    public Set<String> constructorNames() {
        return constructors.keySet();
    }

    /**
     * The types registered with a reducer ({@link Builder#record}, {@link Builder#enumType}, {@link Builder#type},
     * {@link Builder#reducer}), in registration order: what a native image must keep reflective access to when
     * they are records or enums, whose components and constants the codec reaches by reflection.
     */
    public Set<Class<?>> types() {
        return reducers.keySet();
    }

    /** Collects registrations; every method returns this builder. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Constructor> constructors = new LinkedHashMap<>();
        private final Map<Class<?>, Reducer<?>> reducers = new LinkedHashMap<>();
        private LoadLimits limits = LoadLimits.defaults();

        private Builder() {}

        /**
         * A record type, written as {@code name(component1, component2, ...)} in component order; loading
         * accepts the components positionally or as {@code component=value} keywords, converting numbers to
         * the component types ({@code int}, {@code long}, {@code double}, ...) with range checks.
         */
        public <R extends Record> Builder record(Class<R> type, String name) {
            RecordSupport<R> support = RecordSupport.of(type, Names.requireConstructorName(name));
            return type(type, name, support::reduce, support::construct);
        }

        /** An enum type, written as {@code name('CONSTANT')}. */
        public <E extends Enum<E>> Builder enumType(Class<E> type, String name) {
            Names.requireConstructorName(name);
            Objects.requireNonNull(type, "type");
            return type(type, name, e -> Call.of(name, e.name()), call -> RecordSupport.enumConstant(type, call));
        }

        /** Any type: {@code reducer} writes it, {@code constructor} (registered under {@code name}) reads it. */
        public <T> Builder type(Class<T> type, String name, Reducer<? super T> reducer, Constructor constructor) {
            constructor(name, constructor);
            return reducer(type, reducer);
        }

        /** Only the reading side: loading accepts {@code name(...)} and builds it with {@code constructor}. */
        public Builder constructor(String name, Constructor constructor) {
            constructors.put(Names.requireConstructorName(name), Objects.requireNonNull(constructor, "constructor"));
            return this;
        }

        /**
         * Only the writing side: values of {@code type} (or of a subtype with no reducer of its own) are
         * written as the {@link Call} the reducer returns. Registering a type again replaces its reducer.
         */
        public <T> Builder reducer(Class<T> type, Reducer<? super T> reducer) {
            Objects.requireNonNull(type, "type");
            if (type.isPrimitive() || type.isArray()) {
                throw new IllegalArgumentException("reducers are registered for classes and interfaces, not " + type);
            }
            reducers.put(type, Objects.requireNonNull(reducer, "reducer"));
            return this;
        }

        /**
         * Only the writing side, as {@link #reducer} but with a {@link Writer}: values of {@code type} (or of a
         * subtype with no reducer of its own) are written as {@code name(...)}, with the arguments the writer
         * gives. Registering a type again replaces its reducer or writer.
         */
        public <T> Builder writer(Class<T> type, String name, Writer<? super T> writer) {
            return reducer(type, new WrittenType<T>(Names.requireConstructorName(name),
                    Objects.requireNonNull(writer, "writer")));
        }

        /** The limits {@link TextCodec#load(String)} enforces (default {@link LoadLimits#defaults()}). */
        public Builder limits(LoadLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public TextCodec build() {
            return new TextCodec(this);
        }
    }
}
