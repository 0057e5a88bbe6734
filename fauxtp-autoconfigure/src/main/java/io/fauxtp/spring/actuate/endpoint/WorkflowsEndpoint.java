package io.fauxtp.spring.actuate.endpoint;

import io.fauxtp.spring.workflow.InvalidSuspensionTextException;
import io.fauxtp.spring.workflow.WorkflowRuns;
import io.fauxtp.text.Text;
import io.fauxtp.workflow.StoredSuspension;
import io.fauxtp.workflow.Suspension;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.convert.converter.Converter;

/**
 * The {@code workflows} actuator endpoint: every stored workflow run ({@code GET /actuator/workflows}), one run's
 * suspension as the text the store keeps ({@code GET /actuator/workflows/{id}}, {@code text/plain}, 404 when
 * unknown), and a check of a suspension text ({@code POST /actuator/workflows} with {@code {"suspension": "..."}}):
 * it is read exactly as the store would read it, through the endpoint's {@code String → Suspension} converter,
 * and summarised, or refused with 400 and the line, column and reason. The check stores nothing.
 *
 * <p>The check is a write operation, and is treated as one: it takes any text a client sends and runs the parser
 * over it, so it is not part of reading the endpoint. The endpoint's default access is {@link Access#READ_ONLY}, so
 * Boot maps the check only when an application sets {@code management.endpoint.workflows.access=unrestricted};
 * a secured application should grant that to operators only.
 *
 * <p>A run's text holds its inputs, results and journal (customer data, authorisation codes), so it is shown as
 * Spring Boot's own endpoints show values: only when {@code management.endpoint.workflows.show-values} allows it
 * ({@code never} by default, {@code when-authorized} for a user in one of
 * {@code management.endpoint.workflows.roles}, or {@code always}), and then through the application's
 * {@link org.springframework.boot.actuate.endpoint.SanitizingFunction SanitizingFunction}s, under the key
 * {@value #SUSPENSION_KEY}; hidden, it is {@code ******}. The run list shows no values, and names the store's
 * database product, never its URL or file path.
 */
@Endpoint(id = WorkflowsEndpoint.ID, defaultAccess = Access.READ_ONLY)
public class WorkflowsEndpoint {

    /** The endpoint id. */
    public static final String ID = "workflows";

    /**
     * The most characters of what a checked suspension awaits in the answer: a text of a few hundred characters
     * can share one value many times, and printed in full it would make a huge answer.
     */
    static final int CHECK_SUMMARY_CHARS = 500;

    private final WorkflowRuns runs;

    private final Converter<Suspension, String> toText;

    private final Converter<String, Suspension> fromText;

    /** The key a run's text is sanitized under. */
    public static final String SUSPENSION_KEY = "suspension";

    private final String store;

    private final Sanitizer sanitizer;

    private final Show showValues;

    private final Set<String> roles;

    /**
     * Creates the endpoint.
     * @param runs the application's workflow runs
     * @param toText writes a suspension as its stored text
     * @param fromText reads a suspension text, refusing a bad one with {@link InvalidSuspensionTextException}
     * @param store what kind of store keeps the runs (no URL or path: it is shown to anyone who reads the endpoint)
     * @param sanitizer sanitizes the texts shown
     * @param showValues when texts are shown
     * @param roles the roles that may see texts when {@code showValues} is {@link Show#WHEN_AUTHORIZED}
     */
    public WorkflowsEndpoint(WorkflowRuns runs, Converter<Suspension, String> toText,
            Converter<String, Suspension> fromText, String store, Sanitizer sanitizer, Show showValues,
            Set<String> roles) {
        this.sanitizer = Objects.requireNonNull(sanitizer, "sanitizer");
        this.showValues = Objects.requireNonNull(showValues, "showValues");
        this.roles = Set.copyOf(roles);
        this.runs = Objects.requireNonNull(runs, "runs");
        this.toText = Objects.requireNonNull(toText, "toText");
        this.fromText = Objects.requireNonNull(fromText, "fromText");
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @return the store and every run in it, by id */
    @ReadOperation
    public WorkflowsDescriptor workflows() {
        return new WorkflowsDescriptor(this.store, this.runs.list().stream().map(RunDescriptor::of).toList());
    }

    /**
     * @param securityContext who asks (decides whether the text is shown)
     * @param id a run id
     * @return the run's suspension as the text the store keeps ({@code ******} where values are not shown), or
     * {@code null} (404) when no such run is stored
     */
    @ReadOperation(produces = "text/plain")
    public @Nullable String suspension(SecurityContext securityContext, @Selector String id) {
        boolean show = this.showValues.isShown(securityContext, this.roles);
        return this.runs.find(id)
                .map(run -> String.valueOf(this.sanitizer.sanitize(
                        new SanitizableData(null, SUSPENSION_KEY, this.toText.convert(run)), show)))
                .orElse(null);
    }

    /**
     * Reads a suspension text as the store would, without storing it.
     * @param suspension the suspension text
     * @return what the text holds (200), or where and why it was refused (400)
     */
    @WriteOperation
    public WebEndpointResponse<Object> check(String suspension) {
        Suspension read;
        try {
            read = this.fromText.convert(suspension);
        }
        catch (InvalidSuspensionTextException ex) {
            return new WebEndpointResponse<>(new RefusedSuspension(ex.getMessage(), ex.line(), ex.column(),
                    ex.reason()), WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        return new WebEndpointResponse<>(new CheckedSuspension(read.id(), read.workflow(), read.version(),
                read.status(), Text.summary(read.awaiting(), CHECK_SUMMARY_CHARS), read.journal().size()));
    }

    /**
     * The answer of {@code GET /actuator/workflows}.
     * @param store where runs are stored
     * @param runs the stored runs, by id
     */
    public record WorkflowsDescriptor(String store, List<RunDescriptor> runs) {
    }

    /**
     * One stored run.
     * @param id the run id
     * @param name the workflow name
     * @param version the workflow version
     * @param status ready, waiting, completed or failed
     * @param awaiting what the run waits for (empty when nothing)
     * @param wakeUpAt when its timer or retry falls due, if it waits for one
     * @param updatedAt when its status, what it awaits or its result last changed
     */
    public record RunDescriptor(String id, String name, int version, Suspension.Status status, String awaiting,
            @Nullable Instant wakeUpAt, Instant updatedAt) {

        static RunDescriptor of(StoredSuspension stored) {
            return new RunDescriptor(stored.id(), stored.workflow(), stored.version(), stored.status(),
                    stored.awaiting(), stored.wakeUpAt(), stored.updatedAt());
        }

    }

    /**
     * The answer of the check.
     * @param id the run id in the text
     * @param name the workflow name
     * @param version the workflow version
     * @param status its status
     * @param awaiting what it awaits
     * @param journalEntries how many completed awaits its journal holds
     */
    public record CheckedSuspension(String id, String name, int version, Suspension.Status status, String awaiting,
            int journalEntries) {
    }

    /**
     * The answer of the check to a text it refused.
     * @param error the whole message
     * @param line the line of the offending text, from 1
     * @param column its column, from 1
     * @param reason what is wrong there
     */
    public record RefusedSuspension(String error, int line, int column, String reason) {
    }

}
