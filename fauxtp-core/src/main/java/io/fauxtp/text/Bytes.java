package io.fauxtp.text;

import io.fauxtp.text.internal.Hashing;
import io.fauxtp.text.internal.PyRepr;
import java.util.Arrays;

/**
 * An immutable byte string: Python's {@code bytes}, written {@code b'\x00abc'}. Loading gives a {@code Bytes};
 * dumping accepts a {@code Bytes} or a {@code byte[]}. Compared and ordered by content (unsigned bytes); the hash code is
 * seeded per JVM, like {@link Tuple}'s.
 */
public final class Bytes implements Comparable<Bytes> {

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** The given bytes (copied). */
    public static Bytes of(byte... data) {
        return new Bytes(data.clone());
    }

    public int length() {
        return data.length;
    }

    /** The byte at {@code index}. */
    public byte get(int index) {
        return data[index];
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Bytes b && Arrays.equals(data, b.data));
    }

    @Override
    public int hashCode() {
        return Hashing.bytes(data);
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(data, other.data);
    }

    /** Python's repr, e.g. {@code b'\x00ab'}. */
    @Override
    public String toString() {
        return PyRepr.bytes(data);
    }
}
