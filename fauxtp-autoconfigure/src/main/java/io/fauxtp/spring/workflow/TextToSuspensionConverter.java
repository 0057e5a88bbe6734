package io.fauxtp.spring.workflow;

import io.fauxtp.text.TextFormatException;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import java.util.Objects;
import org.springframework.core.convert.converter.Converter;

/**
 * Reads a suspension from its text ({@link SuspensionCodec#load(String)}): only registered constructors are
 * called and the text format's limits hold, so a hostile text (an unregistered constructor, nesting beyond the
 * limit, a bad {@code ref(N)}) is refused with an {@link InvalidSuspensionTextException} giving line, column and
 * reason. A bean of the workflow auto-configuration, so MVC request parameters and path variables, actuator
 * endpoint input and anything else going through a {@code ConversionService} with the application's converters
 * can take a {@link Suspension}.
 */
public final class TextToSuspensionConverter implements Converter<String, Suspension> {

    private final SuspensionCodec codec;

    /** @param codec the codec of the application's suspensions, shared with the store */
    public TextToSuspensionConverter(SuspensionCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public Suspension convert(String source) {
        try {
            return this.codec.load(source);
        }
        catch (TextFormatException ex) {
            throw new InvalidSuspensionTextException(ex);
        }
    }

}
