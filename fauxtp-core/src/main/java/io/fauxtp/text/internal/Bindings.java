package io.fauxtp.text.internal;

import io.fauxtp.text.LoadLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The prelude's names: {@code name = expr} bindings and imported module roots. A binding's expression is parsed
 * where it is first used, in the value's pre-order, so its nodes take their slots there (as otf counts them), and
 * every later use is a reference back to the previous one: the same object. Bindings the value never uses are
 * parsed after it, so every name in the document is checked.
 */
final class Bindings {

    /** Parses one value at the cursor, {@code depth} levels deep. */
    @FunctionalInterface
    interface ValueParser {
        Object parseValue(int depth);
    }

    private static final class Binding {
        final String name;
        final int index;
        final int exprStart;
        int lastUse = -1;

        Binding(String name, int index, int exprStart) {
            this.name = name;
            this.index = index;
            this.exprStart = exprStart;
        }
    }

    private final Cursor cursor;
    private final Slots slots;
    private final LoadLimits limits;
    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    private final Set<String> importRoots = new HashSet<>();
    private final ArrayList<Binding> evaluating = new ArrayList<>();

    Bindings(Cursor cursor, Slots slots, LoadLimits limits) {
        this.cursor = cursor;
        this.slots = slots;
        this.limits = limits;
    }

    boolean isEmpty() {
        return bindings.isEmpty();
    }

    /** Records {@code import a.b.c}: its root {@code a} can be neither bound nor used as a value. */
    void imported(String dottedName) {
        importRoots.add(dottedName.contains(".") ? dottedName.substring(0, dottedName.indexOf('.')) : dottedName);
    }

    /** Declares {@code name = ...} whose expression starts at {@code exprStart}; {@code start} is the name's. */
    void declare(String name, int start, int exprStart) {
        if (!Names.isIdentifier(name)) {
            throw cursor.error(start, "only assigning to top level variables (name = value) is supported, not '"
                    + name + "'");
        }
        if (name.equals("nan") || name.equals("inf") || name.equals("ref")) {
            throw cursor.error(start, "'" + name + "' is a reserved keyword: choose another name for the binding");
        }
        if (bindings.containsKey(name)) {
            throw cursor.error(start, "cannot rebind a variable: '" + name + "' is already bound above");
        }
        if (importRoots.contains(name)) {
            throw cursor.error(start, "cannot redefine a name already used by an import: '" + name + "'");
        }
        bindings.put(name, new Binding(name, bindings.size(), exprStart));
    }

    /** The value of a use of {@code name} at {@code start}, parsed with {@code parser} on its first use. */
    Object use(String name, int start, int depth, ValueParser parser) {
        Binding b = bindings.get(name);
        if (b == null) {
            if (importRoots.contains(name)) {
                throw cursor.error(start, "cannot reference an imported module ('" + name + "') as a value");
            }
            if (Names.PYTHON_KEYWORDS.contains(name)) {
                throw cursor.error(start, "'" + name + "' is a Python keyword, not a value");
            }
            throw cursor.error(start, "unbound variable '" + name + "': define it before the value (" + name
                    + " = ...) or, for a custom type, write a call " + name + "(...)");
        }
        if (!evaluating.isEmpty()) {
            Binding current = evaluating.getLast();
            if (b.index == current.index) {
                throw cursor.error(start, "circular reference: binding '" + name + "' uses itself");
            }
            if (b.index > current.index) {
                throw cursor.error(start, "binding '" + current.name + "' is referencing value '" + name
                        + "' that isn't defined yet: a binding may only use the bindings above it");
            }
        }
        if (b.lastUse >= 0) {
            // every later use is the same object: a reference back to the previous use
            int slot = slots.ref(b.lastUse, start);
            b.lastUse = slot;
            return slots.value(slot);
        }
        if (depth + 1 > limits.maxDepth()) {
            throw cursor.depthError(start, limits);
        }
        int savedPos = cursor.pos;
        int savedBrackets = cursor.brackets;
        Object value = evaluate(b, depth + 1, parser);
        cursor.pos = savedPos;
        cursor.brackets = savedBrackets;
        return value;
    }

    /**
     * Parses every binding the value did not use, so that "an unknown name is an error" holds for the whole
     * document. Their nodes take slots after the value's, which no reference in the value can reach.
     */
    void checkUnused(ValueParser parser) {
        for (Binding b : bindings.values()) {
            if (b.lastUse < 0) {
                evaluate(b, 1, parser);
            }
        }
    }

    private Object evaluate(Binding b, int depth, ValueParser parser) {
        cursor.pos = b.exprStart;
        cursor.brackets = 0;
        evaluating.add(b);
        int slot = slots.count();
        Object value = parser.parseValue(depth);
        cursor.endOfStatement("the value of binding '" + b.name + "'");
        evaluating.removeLast();
        b.lastUse = slot;
        return value;
    }
}
