package io.fauxtp.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A custom value in its written form, {@code name(arg, ..., key=value, ...)}: what a {@link TextCodec.Reducer}
 * returns when dumping and what a {@link TextCodec.Constructor} receives when loading. Arguments are plain
 * values (or other registered values). Dumping a {@code Call} itself writes it as is.
 *
 * @param name the constructor name: dotted identifiers, e.g. {@code shop.Order}
 * @param args the positional arguments, in order
 * @param kwargs the keyword arguments, in order
 */
public record Call(String name, List<Object> args, Map<String, Object> kwargs) {

    public Call {
        Objects.requireNonNull(name, "name");
        // one copy, into a list nothing else holds; a list that is already one is kept (it cannot change)
        args = args instanceof CallArguments ? args
                : args.isEmpty() ? Collections.emptyList() : CallArguments.copyOf(args);
        // most calls have no keywords: no copy of an empty map per call (emptyMap, like the copy, allows
        // containsKey(null), which Map.of() would refuse)
        kwargs = kwargs.isEmpty() ? Collections.emptyMap() : Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /** {@code name(args...)} without keyword arguments. */
    public static Call of(String name, Object... args) {
        return new Call(name, args.length == 0 ? List.of() : CallArguments.copyOf(args), Map.of());
    }

    /** This call with one more keyword argument. */
    public Call withKeyword(String key, Object value) {
        Map<String, Object> kw = new LinkedHashMap<>(kwargs);
        kw.put(key, value);
        return new Call(name, args, kw);
    }

    /** The positional argument at {@code index}; an {@link IllegalArgumentException} naming the call if absent. */
    public Object arg(int index) {
        if (index < 0 || index >= args.size()) {
            throw new IllegalArgumentException(name + "(...) needs at least " + (index + 1)
                    + " positional argument(s), got " + args.size());
        }
        return args.get(index);
    }

    /** The positional argument at {@code index} as a {@code type}, with a clear error otherwise. */
    public <T> T arg(int index, Class<T> type) {
        return as(arg(index), type, "argument " + (index + 1));
    }

    /** The keyword argument {@code key}; an {@link IllegalArgumentException} naming the call if absent. */
    public Object kwarg(String key) {
        if (!kwargs.containsKey(key)) {
            throw new IllegalArgumentException(name + "(...) needs the keyword argument " + key + "=..., got "
                    + (kwargs.isEmpty() ? "none" : String.join(", ", kwargs.keySet())));
        }
        return kwargs.get(key);
    }

    /** The keyword argument {@code key} as a {@code type}, with a clear error otherwise. */
    public <T> T kwarg(String key, Class<T> type) {
        return as(kwarg(key), type, "keyword argument " + key);
    }

    private <T> T as(Object value, Class<T> type, String what) {
        if (value != null && !type.isInstance(value)) {
            throw new IllegalArgumentException(name + "(...): " + what + " must be a " + type.getSimpleName()
                    + ", got a " + value.getClass().getSimpleName());
        }
        return type.cast(value);
    }
}
