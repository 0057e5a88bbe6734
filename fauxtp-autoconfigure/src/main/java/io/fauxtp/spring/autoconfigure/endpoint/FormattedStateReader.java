package io.fauxtp.spring.autoconfigure.endpoint;

import io.fauxtp.genserver.CallExitException;
import io.fauxtp.genserver.CallTimeoutException;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.Pid;
import io.fauxtp.spring.actuate.endpoint.SupervisionEndpoint.StateReader;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ReflectionUtils;

/**
 * Reads a GenServer child's state through its behaviour's {@code formatStatus}, and only when the behaviour
 * overrides it: a server whose behaviour keeps the default is never asked (no message, no wait), so its state
 * stays hidden and a busy server does not slow the endpoint down.
 */
final class FormattedStateReader implements StateReader {

    /** How long the endpoint waits for a server busy in a callback before showing its state as unavailable. */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    static final String UNAVAILABLE = "unavailable: the server did not answer within " + TIMEOUT;

    private final ListableBeanFactory beanFactory;

    private final Map<Class<?>, Boolean> optedIn = new ConcurrentHashMap<>();

    FormattedStateReader(ListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public boolean offersState(String behaviourBean) {
        if (!this.beanFactory.containsBean(behaviourBean)) {
            return false;
        }
        Class<?> type = this.beanFactory.getType(behaviourBean);
        return type != null && this.optedIn.computeIfAbsent(type, FormattedStateReader::overridesFormatStatus);
    }

    @Override
    public @Nullable Object state(String behaviourBean, Pid pid) {
        if (!offersState(behaviourBean)) {
            return null;
        }
        try {
            return GenServer.formattedStatus(pid, TIMEOUT).orElse(null);
        }
        catch (CallTimeoutException ex) {
            return UNAVAILABLE;
        }
        catch (CallExitException ex) {
            return null;
        }
    }

    private static boolean overridesFormatStatus(Class<?> type) {
        var method = ReflectionUtils.findMethod(type, "formatStatus", Object.class);
        return method != null && method.getDeclaringClass() != GenServer.class
                && GenServer.class.isAssignableFrom(type);
    }

}
