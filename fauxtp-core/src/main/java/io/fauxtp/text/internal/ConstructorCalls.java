package io.fauxtp.text.internal;

import io.fauxtp.text.Call;
import io.fauxtp.text.TextCodec.Constructor;
import io.fauxtp.text.TextFormatException;
import io.fauxtp.text.Tuple;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the value of a call {@code name(...)}: {@code tuple([...])} and {@code set([...])}, or the registered
 * constructor of that name. An unknown name is refused (nothing is looked up by reflection), and whatever a
 * constructor throws becomes a positioned refusal.
 */
final class ConstructorCalls {

    private final Source source;
    private final Map<String, Constructor> constructors;
    private final PythonCollections collections;

    ConstructorCalls(Source source, Map<String, Constructor> constructors, PythonCollections collections) {
        this.source = source;
        this.constructors = constructors;
        this.collections = collections;
    }

    /** The value of the call {@code name(args, kwargs)} that starts at {@code start}. */
    Object construct(String name, List<Object> args, Map<String, Object> kwargs, int start) {
        switch (name) {
            case "tuple" -> {
                if (!kwargs.isEmpty() || args.size() > 1) {
                    throw source.error(start, "tuple(...) takes one list, e.g. tuple([1, 2])");
                }
                if (args.isEmpty()) {
                    return Tuple.of();
                }
                if (!(args.getFirst() instanceof List<?> || args.getFirst() instanceof Tuple
                        || args.getFirst() instanceof Set<?>)) {
                    throw source.error(start, "tuple(...) takes a list, e.g. tuple([1, 2]), not "
                            + PythonCollections.kind(args.getFirst()));
                }
                Collection<?> items = args.getFirst() instanceof Tuple t ? t.toList() : (Collection<?>) args.getFirst();
                return collections.tuple(items);
            }
            case "set" -> {
                if (!kwargs.isEmpty() || args.size() > 1) {
                    throw source.error(start, "set(...) takes one list, e.g. set([1, 2])");
                }
                if (args.isEmpty()) {
                    return new LinkedHashSet<>();
                }
                if (!(args.getFirst() instanceof List<?> || args.getFirst() instanceof Tuple)) {
                    throw source.error(start, "set(...) takes a list, e.g. set([1, 2]), not "
                            + PythonCollections.kind(args.getFirst()));
                }
                Collection<?> items = args.getFirst() instanceof Tuple t ? t.toList() : (Collection<?>) args.getFirst();
                return collections.toSet(items, start);
            }
            default -> {
                Constructor c = constructors.get(name);
                if (c == null) {
                    throw source.error(start, "unknown constructor '" + name + "': only registered types can be "
                            + "loaded ("
                            + known() + "); register it with TextCodec.builder().record(...), .enumType(...), "
                            + ".type(...) or .constructor(\"" + name + "\", ...)");
                }
                Object value;
                try {
                    value = c.construct(new Call(name, args, kwargs));
                } catch (TextFormatException e) {
                    throw e;
                } catch (Exception | LinkageError e) {
                    throw new TextFormatException(source.lineOf(start), source.columnOf(start),
                            name + "(...) could not be built: "
                            + Summary.excerpt(e.getMessage() == null ? e.toString() : e.getMessage(), 500),
                            source.context(start), e);
                }
                return value;
            }
        }
    }

    private String known() {
        List<String> names = new ArrayList<>(constructors.keySet());
        Collections.sort(names);
        if (names.isEmpty()) {
            return "this codec knows only tuple and set";
        }
        if (names.size() > 20) {
            return "known: tuple, set, " + String.join(", ", names.subList(0, 20)) + ", ...";
        }
        return "known: tuple, set, " + String.join(", ", names);
    }
}
