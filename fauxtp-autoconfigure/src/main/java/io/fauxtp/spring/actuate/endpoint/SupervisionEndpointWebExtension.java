package io.fauxtp.spring.actuate.endpoint;

import io.fauxtp.spring.actuate.endpoint.SupervisionEndpoint.NoSuchChildException;
import io.fauxtp.spring.actuate.endpoint.SupervisionEndpoint.OperationResult;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Gives the write operations of the {@link SupervisionEndpoint} their HTTP statuses: {@code 404} for a path that names no child, {@code 409} when the supervisor refuses
 * (for example a temporary child, whose spec is gone once terminated).
 */
@EndpointWebExtension(endpoint = SupervisionEndpoint.class)
public class SupervisionEndpointWebExtension {

    private static final int STATUS_CONFLICT = 409;

    private final SupervisionEndpoint endpoint;

    /**
     * Creates the extension.
     * @param endpoint the endpoint it extends
     */
    public SupervisionEndpointWebExtension(SupervisionEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * {@code POST}: restarts a child.
     * @param path the root supervisor's name, then child ids down to the child
     * @return the outcome, or the refusal
     */
    @WriteOperation
    public WebEndpointResponse<OperationResponseBody> restart(
            @Selector(match = Selector.Match.ALL_REMAINING) String... path) {
        return respond(() -> this.endpoint.restart(path));
    }

    /**
     * {@code DELETE}: terminates a child.
     * @param path the root supervisor's name, then child ids down to the child
     * @return the outcome, or the refusal
     */
    @DeleteOperation
    public WebEndpointResponse<OperationResponseBody> terminate(
            @Selector(match = Selector.Match.ALL_REMAINING) String... path) {
        return respond(() -> this.endpoint.terminate(path));
    }

    private static WebEndpointResponse<OperationResponseBody> respond(Supplier<OperationResult> operation) {
        try {
            return new WebEndpointResponse<>(operation.get(), WebEndpointResponse.STATUS_OK);
        }
        catch (NoSuchChildException ex) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, "Not Found", ex);
        }
        catch (IllegalStateException | IllegalArgumentException ex) {
            return error(STATUS_CONFLICT, "Conflict", ex);
        }
    }

    private static WebEndpointResponse<OperationResponseBody> error(int status, String error, RuntimeException ex) {
        return new WebEndpointResponse<>(new ErrorDescriptor(status, error, String.valueOf(ex.getMessage())),
                status);
    }

    /**
     * A refused write operation.
     * @param status the HTTP status
     * @param error the status' reason phrase
     * @param message what went wrong and how to fix it
     */
    public record ErrorDescriptor(int status, String error, String message) implements OperationResponseBody {
    }

}
