/**
 * Implementation of the text format: the loader (a bounded recursive-descent parser that builds values as it
 * reads), the dumper and pretty layout, Python's {@code repr} rules, and record support. Not an API.
 */
package io.fauxtp.text.internal;
