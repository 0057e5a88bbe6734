package io.fauxtp.spring.observation;

import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The default name and key values of GenServer request observations: one name, {@value #NAME}, for both sides of a
 * request, told apart by a key value, so that Boot's {@code DefaultMeterObservationHandler} makes one timer of them.
 *
 * <p>Low-cardinality key values: {@code fauxtp.side} ({@code send}: the sender, from sending to the reply of a call
 * or the send of a cast; {@code handle}: the server's {@code handleCall}/{@code handleCast}, whose parent
 * observation is the sender's), {@code fauxtp.kind} ({@code call} or {@code cast}), {@code fauxtp.server} (the
 * server's name tag: a declared name, a limited number of other registered names, {@code other}, or
 * {@code unnamed} for a server without a name) and {@code fauxtp.request} (the request's simple class name). Boot's
 * meter handler adds {@code error}. There are no high-cardinality key values: pids and request contents are never
 * recorded. Contextual names (span names): {@code call inventory}, {@code handle call inventory}.
 */
public class DefaultGenServerObservationConvention implements GenServerObservationConvention {

    /** The observation name. */
    public static final String NAME = "fauxtp.genserver";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(GenServerRequestContext context) {
        String kind = lower(context.kind());
        return (context.side() == GenServerRequestContext.Side.HANDLE ? "handle " + kind : kind) + " "
                + context.server();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(GenServerRequestContext context) {
        return KeyValues.of("fauxtp.side", lower(context.side()), "fauxtp.kind", lower(context.kind()),
                "fauxtp.server", context.server(), "fauxtp.request", context.requestType().getSimpleName());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

}
