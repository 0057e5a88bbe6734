package io.fauxtp.spring.workflow;

import io.fauxtp.text.TextFormatException;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Suspension} as an HTTP body: its text, exactly as the store keeps it, as {@code text/plain} (UTF-8
 * unless the request names another charset). The servlet web auto-configuration adds it to Spring MVC's
 * converters (a {@code @RequestBody Suspension} parameter, a {@code Suspension} return value) and to the clients
 * Boot builds ({@code RestClient.Builder}, {@code RestTemplateBuilder}).
 *
 * <p>A body is read only up to the codec's {@code LoadLimits.maxInputChars}; a longer one is refused without
 * reading the rest. A text that is not a suspension (malformed, over a limit, an unregistered constructor,
 * {@code None}) is refused with an {@link HttpMessageNotReadableException} whose cause is the
 * {@link InvalidSuspensionTextException} giving line, column and reason.
 */
public final class SuspensionHttpMessageConverter extends AbstractHttpMessageConverter<Suspension> {

    private final SuspensionCodec codec;

    /** @param codec the codec of the application's suspensions, shared with the store */
    public SuspensionHttpMessageConverter(SuspensionCodec codec) {
        super(StandardCharsets.UTF_8, MediaType.TEXT_PLAIN);
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    protected boolean supports(Class<?> type) {
        return Suspension.class == type;
    }

    @Override
    protected Suspension readInternal(Class<? extends Suspension> type, HttpInputMessage input) throws IOException {
        int limit = this.codec.textCodec().limits().maxInputChars();
        String text = read(input, limit);
        try {
            if (text.length() > limit) {
                throw new InvalidSuspensionTextException(new TextFormatException(1, 1, "the body is longer than "
                        + limit + " characters, the limit of a suspension text (LoadLimits.maxInputChars)", null,
                        null));
            }
            try {
                return this.codec.load(text);
            }
            catch (TextFormatException ex) {
                throw new InvalidSuspensionTextException(ex);
            }
        }
        catch (InvalidSuspensionTextException ex) {
            throw new HttpMessageNotReadableException(ex.getMessage(), ex, input);
        }
    }

    /** At most {@code limit + 1} characters of the body: enough to tell that it is over the limit. */
    private String read(HttpInputMessage input, int limit) throws IOException {
        Charset charset = charset(input.getHeaders().getContentType());
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(input.getBody(), charset)) {
            int read;
            while (text.length() <= limit
                    && (read = reader.read(buffer, 0, (int) Math.min(buffer.length, (long) limit + 1 - text.length()))) != -1) {
                text.append(buffer, 0, read);
            }
        }
        return text.toString();
    }

    private Charset charset(@Nullable MediaType contentType) {
        Charset charset = contentType != null ? contentType.getCharset() : null;
        return charset != null ? charset : Objects.requireNonNull(getDefaultCharset());
    }

    @Override
    protected void writeInternal(Suspension suspension, HttpOutputMessage output) throws IOException {
        Charset charset = charset(output.getHeaders().getContentType());
        output.getBody().write(this.codec.dump(suspension).getBytes(charset));
    }

}
