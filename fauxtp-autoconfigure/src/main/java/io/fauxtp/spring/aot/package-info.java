/**
 * What a native image (GraalVM, through Spring's AOT processing) needs to know of fauxtp ahead of time: reflection
 * on the text types the codec builds and writes, JDK proxies of the effect interfaces, and the fields in which
 * behaviours and workflows hold effect requests.
 */
@NullMarked
package io.fauxtp.spring.aot;

import org.jspecify.annotations.NullMarked;
