package io.fauxtp.workflow;

import java.time.Duration;
import java.time.Instant;

/**
 * What a running workflow reaches the world through. Every method is an await: live it acts and its outcome is
 * journaled; on replay the journal answers. Usable only on the thread running the workflow, during the run.
 */
public interface WorkflowContext {

    /** The run's id. */
    String workflowId();

    /** The workflow's name. */
    String workflowName();

    /** The workflow's version. */
    int version();

    /** Whether the current step is answered from the journal (for logging only: never branch on it). */
    boolean isReplaying();

    /**
     * The effect {@code effect}, answered by the engine's handler (or one bound around the resume call);
     * each call is journaled and, on replay, answered from the journal without calling the handler. A failure
     * is retried by the engine's {@link RetryPolicy}, then surfaces as {@link EffectFailedException}.
     */
    <E> E effect(Class<E> effect);

    /**
     * Waits for the signal {@code name} ({@link WorkflowEngine#signal}) and returns its value as a
     * {@code type}. Signals sent before the workflow waits for them are kept in order.
     */
    <T> T awaitSignal(String name, Class<T> type);

    /** Sleeps durably: the timer's due instant is stored, and it fires after a restart too. */
    void sleep(Duration duration);

    /** The current time, journaled so that replay sees the same instant. */
    Instant now();

    /** The environment, reduced to the names the workflow declared it uses. */
    Environment environment();
}
