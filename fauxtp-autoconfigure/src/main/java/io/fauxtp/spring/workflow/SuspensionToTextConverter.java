package io.fauxtp.spring.workflow;

import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import java.util.Objects;
import org.springframework.core.convert.converter.Converter;

/**
 * Writes a suspension as its text ({@link SuspensionCodec#dump(Suspension)}), exactly as the store keeps it. A
 * bean of the workflow auto-configuration; the inverse of {@link TextToSuspensionConverter}.
 */
public final class SuspensionToTextConverter implements Converter<Suspension, String> {

    private final SuspensionCodec codec;

    /** @param codec the codec of the application's suspensions, shared with the store */
    public SuspensionToTextConverter(SuspensionCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public String convert(Suspension source) {
        return this.codec.dump(source);
    }

}
