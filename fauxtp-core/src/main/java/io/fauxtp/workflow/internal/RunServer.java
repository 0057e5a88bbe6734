package io.fauxtp.workflow.internal;

import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.genserver.IdleTimeout;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.workflow.WorkflowRunner;
import io.fauxtp.workflow.WorkflowService;
import java.time.Clock;

/**
 * The process of one workflow run: it resumes the run when it starts (after a restart of the application or
 * of the process), whenever its timer or retry is due (an idle timeout), and when told something changed
 * ({@link #WAKE}); it stops normally once the run has finished. All state is in the store, so a restart of the
 * process loses nothing: the run's live code ({@link WorkflowService#release}) ends when the process stops, and
 * the next process replays the run once. A run that cannot be resumed (non-determinism, an unhandled effect) stops its
 * process with a shutdown reason, which a transient child is not restarted for: the run stays stored for a
 * fixed version of the code, and the other runs go on.
 */
public final class RunServer implements GenServer<String> {

    /** Asks the process to resume its run now. */
    public record Wake() {
    }

    /** The one {@link Wake} message. */
    public static final Wake WAKE = new Wake();

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
        self.trapExit(true);   // so that terminate runs when the supervisor shuts the process down
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
        return WorkflowRunner.processStep(service, id, clock);
    }

    /** Ends the run's live code when the process stops (the run stays stored; whoever resumes it replays it). */
    @Override
    public void terminate(ExitReason reason, String id) {
        service.release(id);
    }

    @Override
    public Object formatStatus(String id) {
        return "workflow run " + id;
    }
}
