package io.fauxtp.workflow.internal;

import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.IdleTimeout;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.WorkflowService;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The process of one workflow run: it resumes the run when it starts (after a restart of the application or
 * of the process), whenever its timer or retry is due (an idle timeout), and when told something changed
 * ({@link #WAKE}); it stops normally once the run has finished. All state is in the store, so a restart of the
 * process loses nothing. A run that cannot be resumed (non-determinism, an unhandled effect) stops its
 * process with a shutdown reason, which a transient child is not restarted for: the run stays stored for a
 * fixed version of the code, and the other runs go on.
 */
public final class RunServer implements GenServer<String> {

    /** Asks the process to resume its run now. */
    public record Wake() {
    }

    /** The one {@link Wake} message. */
    public static final Wake WAKE = new Wake();

    private static final System.Logger LOG = System.getLogger(RunServer.class.getName());
    private static final int MAX_IMMEDIATE_RESUMES = 1_000;

    private final WorkflowService service;
    private final Clock clock;

    public RunServer(WorkflowService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    public String init(Object args) {
        String id = (String) args;
        ProcessContext self = ProcessContext.current();
        self.send(self.self(), WAKE);
        return id;
    }

    @Override
    public CastResult<String> handleCast(Object request, String id) {
        return request instanceof Wake ? advance(id) : CastResult.noReply(id);
    }

    @Override
    public CastResult<String> handleInfo(Object message, String id) {
        if (message instanceof Wake || message instanceof IdleTimeout) {
            return advance(id);
        }
        return CastResult.noReply(id);
    }

    private CastResult<String> advance(String id) {
        for (int i = 0; i < MAX_IMMEDIATE_RESUMES; i++) {
            Suspension s;
            try {
                s = service.resume(id);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "workflow run " + id + " cannot be resumed; its process stops and the run stays"
                        + " stored as it was: " + e.getMessage(), e);
                return CastResult.stop(ExitReason.shutdown("workflow run " + id + " cannot be resumed: "
                        + e.getClass().getSimpleName()), id);
            }
            if (s.isFinished()) {
                return CastResult.stop(ExitReason.NORMAL, id);
            }
            Instant wake = s.awaiting().readyAt();
            if (wake == null) {
                return CastResult.noReply(id);   // waits for a signal: WAKE comes after one is delivered
            }
            Duration wait = Duration.between(clock.instant(), wake);
            if (wait.isPositive()) {
                return CastResult.noReply(id).withTimeout(wait);
            }
        }
        return CastResult.noReply(id).withTimeout(Duration.ofMillis(1));
    }

    @Override
    public Object formatStatus(String id) {
        return "workflow run " + id;
    }
}
