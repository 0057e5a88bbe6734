package io.fauxtp.workflow;

/**
 * A hook around the work of a {@link WorkflowEngine}: each step of a run (the engine advancing it once, for a
 * start, a resume or a signal, until it waits or ends) and, inside a step, each call of an effect handler. It is
 * called on the thread that advances the run, so what it makes current there (an observation, a trace span, an
 * MDC entry) is current in the workflow code and in the effect handlers. Metrics and tracing are built on it
 * (fauxtp's Spring Boot module makes Micrometer {@code Observation}s); the core knows nothing of them.
 *
 * <p>Set with {@link WorkflowEngine.Builder#observer}. Without an observer a step pays one null check. With one,
 * its methods run on the path of every step and every live effect call: keep them quick; they must not throw.
 * Replayed steps, answered from the journal, call no handler and are not seen as effect calls.
 */
public interface WorkflowObserver {

    /** Why a run advances. */
    enum Operation {
        /** A start or a resume: {@link WorkflowEngine#resume}. */
        RESUME,
        /** A signal was delivered: {@link WorkflowEngine#signal}. */
        SIGNAL
    }

    /**
     * A run is about to advance.
     * @param spec the run's workflow and version
     * @param runId the run's id
     * @param operation why it advances
     * @return the step, told about its effect calls and its end; or null to see nothing of it
     */
    Step advancing(WorkflowSpec spec, String runId, Operation operation);

    /** One step of a run. */
    interface Step {

        /**
         * An effect handler is about to be called, live, inside this step (each attempt of a retried call).
         * @param step the journal step and attempt, as the handler sees them in {@link EffectStep#current()}
         * @param effect the effect's name (its interface's simple name)
         * @param method the method called
         * @param handler the id of the handler that answers
         * @return the call, told when it returned or threw
         */
        EffectCall callingEffect(EffectStep step, String effect, String method, String handler);

        /**
         * The step ended.
         * @param status the run's status after it: {@code WAITING}, {@code COMPLETED}, {@code FAILED} (the workflow
         * threw), or {@code READY} (its thread was interrupted); null when the engine threw {@code failure}
         * @param failure what the engine threw ({@link NonDeterminismException}, an unhandled effect, a failed
         * checkpoint, ...), or null
         */
        void ended(Suspension.Status status, Throwable failure);

    }

    /** One call of an effect handler. */
    interface EffectCall {

        /**
         * The handler returned or threw.
         * @param failure what it threw, or null
         */
        void ended(Throwable failure);

    }

}
