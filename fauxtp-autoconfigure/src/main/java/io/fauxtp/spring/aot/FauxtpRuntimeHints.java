package io.fauxtp.spring.aot;

import io.fauxtp.workflow.SuspensionCodec;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * fauxtp's own text types: the records and enums a suspension is written with (journal entries, awaits,
 * requests, failures, signal messages), which every application with workflows reads and writes.
 */
final class FauxtpRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        TextTypeHints.register(hints, SuspensionCodec.standard().textCodec().types());
    }

}
