package io.fauxtp.text.internal;

import io.fauxtp.text.Call;
import io.fauxtp.text.TextCodec.Arguments;
import io.fauxtp.text.TextCodec.Reducer;
import io.fauxtp.text.TextCodec.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A type registered with a {@link Writer}: the dumper has it write its arguments into the text directly. As a
 * {@link Reducer} it gives the {@link Call} with the same arguments, which the dumper writes the same way, so
 * that whatever takes a codec's reducers (such as the reference dumper of the tests) still works.
 */
public final class WrittenType<T> implements Reducer<T> {

    private final String name;
    private final Writer<? super T> writer;

    public WrittenType(String name, Writer<? super T> writer) {
        this.name = name;
        this.writer = writer;
    }

    /** The constructor name of its calls, checked at registration. */
    public String name() {
        return name;
    }

    Writer<? super T> writer() {
        return writer;
    }

    @Override
    public Call reduce(T value) throws Exception {
        Collected collected = new Collected();
        writer.write(value, collected);
        collected.done = true;
        return new Call(name, collected.args, collected.kwargs);
    }

    /** The arguments collected into a list and a map, refused as the dumper refuses them. */
    private final class Collected implements Arguments {
        final List<Object> args = new ArrayList<>();
        final Map<String, Object> kwargs = new LinkedHashMap<>();
        boolean done;

        @Override
        public Arguments arg(Object value) {
            if (done || !kwargs.isEmpty()) {
                throw misplaced(name, done);
            }
            args.add(value);
            return this;
        }

        @Override
        public Arguments kwarg(String key, Object value) {
            if (done) {
                throw misplaced(name, true);
            }
            if (!Names.isIdentifier(key)) {
                throw notIdentifier(name, key);
            }
            if (kwargs.containsKey(key)) {
                throw twice(name, key);
            }
            kwargs.put(key, value);
            return this;
        }
    }

    static IllegalStateException misplaced(String name, boolean done) {
        return new IllegalStateException(done
                ? "the writer of " + name + " has returned: its Arguments are no longer valid"
                : "the writer of " + name + " gave a positional argument after a keyword argument");
    }

    static IllegalArgumentException notIdentifier(String name, String key) {
        return new IllegalArgumentException("keyword '" + key + "' of " + name + " is not a Python identifier");
    }

    static IllegalArgumentException twice(String name, String key) {
        return new IllegalArgumentException("the writer of " + name + " gave keyword '" + key + "' twice");
    }
}
