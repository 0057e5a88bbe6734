package io.fauxtp.cluster.hazelcast.internal;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import io.fauxtp.process.ExitReason;
import io.fauxtp.process.ProcessContext;
import io.fauxtp.text.Tuple;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.WorkflowRunner;
import io.fauxtp.workflow.WorkflowService;
import java.time.Clock;
import java.util.NoSuchElementException;

/**
 * The process of one workflow run in cluster mode: a sharded entity whose id is the run's id, so it runs on the
 * member that holds the lease of the run's shard. It answers the start and signal requests of any member
 * ({@link #START}, {@link #SIGNAL}), resumes the run when told to ({@link #RESUME}, sent for every unfinished run of
 * a shard when a member takes the shard), when its timer or retry is due, and after each request; it stops once
 * the run has finished or is not stored. Its service saves through {@link FencedSuspensionStore}, fenced by the
 * shard's token. All state is in SQL, so the process of a run may stop and start on any member: the run's live code
 * ({@link WorkflowService#release}) ends when its process stops, and the member that runs it next replays it once.
 */
public final class WorkflowRunProcess implements GenServer<String> {

    /** {@code (start, workflow, input)}: start the run. */
    public static final String START = "start";
    /** {@code (signal, name, value)}: deliver a signal to the run and run what it unblocks. */
    public static final String SIGNAL = "signal";
    /** A cast: look at the stored run again (after a takeover). */
    public static final String RESUME = "resume";
    /** A reply {@code (ok, status)}, or {@code (error, kind, message)} with kind {@link #EXISTS} or {@link #MISSING}. */
    public static final String OK = "ok";
    public static final String ERROR = "error";
    public static final String EXISTS = "exists";
    public static final String MISSING = "missing";
    public static final String FINISHED = "finished";

    /** Sent to itself after a request, so that the run's timer is armed again. */
    private enum Wake { WAKE }

    private final WorkflowService service;
    private final Clock clock;

    public WorkflowRunProcess(WorkflowService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    @Override
    public String init(Object args) {
        return (String) args;
    }

    @Override
    public CallResult<String> handleCall(Object request, From from, String id) {
        if (!(request instanceof Tuple t) || t.size() != 3) {
            throw new IllegalArgumentException("unexpected workflow request " + request);
        }
        Suspension s;
        try {
            s = switch ((String) t.get(0)) {
                case START -> service.start((String) t.get(1), id, t.get(2));
                case SIGNAL -> service.signal(id, (String) t.get(1), t.get(2));
                default -> throw new IllegalArgumentException("unexpected workflow request " + request);
            };
        } catch (NoSuchElementException e) {
            return CallResult.stop(ExitReason.NORMAL, Tuple.of(ERROR, MISSING, e.getMessage()), id);
        } catch (IllegalStateException e) {
            boolean exists = START.equals(t.get(0));
            return CallResult.reply(Tuple.of(ERROR, exists ? EXISTS : FINISHED, e.getMessage()), wakeSoon(id));
        }
        return CallResult.reply(Tuple.of(OK, s.status().name()), wakeSoon(id));
    }

    @Override
    public CastResult<String> handleCast(Object request, String id) {
        return advance(id);
    }

    @Override
    public CastResult<String> handleInfo(Object message, String id) {
        return advance(id);   // its Wake, its timer, or anything else: a message cancels the timer, so arm it again
    }

    private static String wakeSoon(String id) {
        ProcessContext self = ProcessContext.current();
        self.send(self.self(), Wake.WAKE);
        return id;
    }

    private CastResult<String> advance(String id) {
        return WorkflowRunner.processStep(service, id, clock);
    }

    /** Ends the run's live code when the process stops here (the member that runs it next replays it once). */
    @Override
    public void terminate(ExitReason reason, String id) {
        service.release(id);
    }

    @Override
    public Object formatStatus(String id) {
        return "workflow run " + id;
    }
}
