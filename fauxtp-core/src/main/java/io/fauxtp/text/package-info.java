/**
 * otf's human-readable text format: a subset of Python's literal syntax in which suspensions and any registered
 * value are written, readable and diffable.
 *
 * <p>{@link io.fauxtp.text.Text} dumps and loads plain data; a {@link io.fauxtp.text.TextCodec} adds custom types
 * (records and enums in one line) and {@link io.fauxtp.text.LoadLimits}. Shared values are written once and then
 * as {@code ref(N)}, with otf's numbering, so identity survives a round trip. Loading never resolves a class or
 * calls a method by a name taken from the input, and every error is a
 * {@link io.fauxtp.text.TextFormatException} with line and column.
 */
package io.fauxtp.text;
