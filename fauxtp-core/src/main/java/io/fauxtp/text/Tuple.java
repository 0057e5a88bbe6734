package io.fauxtp.text;

import io.fauxtp.text.internal.Hashing;
import io.fauxtp.text.internal.PyRepr;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * An immutable sequence: Python's {@code tuple}, written {@code tuple([a, b])}. Unlike a {@link List}, a tuple
 * is a valid dict key and set element after loading (as in Python). Elements may be {@code null}.
 *
 * <p>The hash code is seeded per JVM (like Python's string hashing), so documents cannot be crafted to make many
 * tuple keys collide; it is cached when every element is itself immutable.
 */
public final class Tuple implements Iterable<Object> {

    private static final Tuple EMPTY = new Tuple(new Object[0]);

    private final Object[] elements;
    private final boolean immutable;
    private int hash;

    private Tuple(Object[] elements) {
        this.elements = elements;
        boolean all = true;
        for (Object e : elements) {
            if (!(e instanceof Tuple t ? t.immutable : Hashing.isImmutableScalar(e))) {
                all = false;
                break;
            }
        }
        this.immutable = all;
    }

    /** A tuple of the given elements (copied). */
    public static Tuple of(Object... elements) {
        return elements.length == 0 ? EMPTY : new Tuple(elements.clone());
    }

    /** A tuple of the elements of {@code elements}, in iteration order. */
    public static Tuple copyOf(Collection<?> elements) {
        return elements.isEmpty() ? EMPTY : new Tuple(elements.toArray());
    }

    /** The element at {@code index}. */
    public Object get(int index) {
        return elements[index];
    }

    public int size() {
        return elements.length;
    }

    public boolean isEmpty() {
        return elements.length == 0;
    }

    /** The elements as an unmodifiable list (a view, no copy). */
    public List<Object> toList() {
        return Collections.unmodifiableList(Arrays.asList(elements));
    }

    @Override
    public Iterator<Object> iterator() {
        return toList().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Tuple t && Arrays.equals(elements, t.elements));
    }

    @Override
    public int hashCode() {
        if (!immutable) {
            return Hashing.hashAll(elements);
        }
        int h = hash;
        if (h == 0) {
            h = Hashing.hashAll(elements);
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }

    /** Python's notation: {@code (1, 'a')}, {@code (1,)}, {@code ()}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            Object e = elements[i];
            b.append(e == this ? "(...)" : PyRepr.display(e));
        }
        return b.append(elements.length == 1 ? ",)" : ")").toString();
    }
}
