package io.fauxtp.text;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A {@link Call}'s positional arguments: an unmodifiable list over an array only this list holds. {@link Call}
 * keeps one as it is instead of copying it again, so a reducer's {@code Call.of(name, a, b)} costs one array copy
 * (of the varargs array, which its caller could still change), not an {@code ArrayList} and a view of it. Null
 * elements are allowed, as in the list {@code Call} made before.
 */
final class CallArguments extends AbstractList<Object> implements RandomAccess {

    private final Object[] elements;

    /** Takes {@code elements} as it is: the caller must hand over an array nobody else holds. */
    private CallArguments(Object[] elements) {
        this.elements = elements;
    }

    /** A list of a copy of {@code elements}. */
    static CallArguments copyOf(Object[] elements) {
        return new CallArguments(Arrays.copyOf(elements, elements.length, Object[].class));
    }

    /**
     * A list of the elements of {@code list}, copied once: an {@code ArrayList}'s {@code toArray} is a fresh
     * copy already (as {@code new ArrayList<>(list)} trusts it); any other list's array is copied again, since
     * a list of another class might keep the array it returns.
     */
    static CallArguments copyOf(List<?> list) {
        Object[] a = list.toArray();
        return new CallArguments(list.getClass() == ArrayList.class ? a
                : Arrays.copyOf(a, a.length, Object[].class));
    }

    @Override
    public Object get(int index) {
        return elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }

    @Override
    public Object[] toArray() {
        return elements.clone();
    }
}
