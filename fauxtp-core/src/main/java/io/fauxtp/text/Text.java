package io.fauxtp.text;

/**
 * Plain data to and from otf's human-readable text format, with {@link TextCodec#standard()}. For custom types
 * build a {@link TextCodec}.
 *
 * <table>
 *   <caption>Java types and their text</caption>
 *   <tr><th>text</th><th>loads as</th><th>dumped from</th></tr>
 *   <tr><td>{@code None}</td><td>{@code null}</td><td>{@code null}</td></tr>
 *   <tr><td>{@code True}, {@code False}</td><td>{@link Boolean}</td><td>{@link Boolean}</td></tr>
 *   <tr><td>{@code 42}</td><td>{@link Long}, or {@link java.math.BigInteger} beyond 64 bits</td>
 *       <td>{@code Long}, {@code Integer}, {@code Short}, {@code Byte}, {@code BigInteger}</td></tr>
 *   <tr><td>{@code 1.0}, {@code nan}, {@code inf}</td><td>{@link Double}</td><td>{@code Double}, {@code Float}</td></tr>
 *   <tr><td>{@code 'abc'}</td><td>{@link String}</td><td>{@code String}</td></tr>
 *   <tr><td>{@code b'\x00'}</td><td>{@link Bytes}</td><td>{@code Bytes}, {@code byte[]}</td></tr>
 *   <tr><td>{@code [a, b]}</td><td>{@link java.util.ArrayList}</td><td>any {@link java.util.List}</td></tr>
 *   <tr><td>{@code {k: v}}</td><td>{@link java.util.LinkedHashMap}</td><td>any {@link java.util.Map}, in iteration order</td></tr>
 *   <tr><td>{@code tuple([a, b])}</td><td>{@link Tuple}</td><td>{@code Tuple}</td></tr>
 *   <tr><td>{@code set([a, b])}</td><td>{@link java.util.LinkedHashSet}</td><td>any {@link java.util.Set}, in iteration order</td></tr>
 * </table>
 */
public final class Text {

    private Text() {}

    /** The value in the compact (one-line) format. */
    public static String dump(Object value) {
        return TextCodec.standard().dump(value);
    }

    /** The value in the given format. */
    public static String dump(Object value, TextFormat format) {
        return TextCodec.standard().dump(value, format);
    }

    /**
     * {@code value} written for a message or a summary in at most about {@code maxChars} characters, in
     * Python-like notation: the walk stops when the budget is spent, long strings are cut, a value met twice
     * (however many times a document shares it) is written once and then as {@code <shared>}, and objects of
     * classes other than plain data, records and {@code java.time} are written by class name. The work is
     * bounded by {@code maxChars}, never by the size of the value.
     */
    public static String summary(Object value, int maxChars) {
        return io.fauxtp.text.internal.Summary.of(value, maxChars);
    }

    /** The plain-data value written in {@code text}. */
    public static Object load(String text) {
        return TextCodec.standard().load(text);
    }
}
