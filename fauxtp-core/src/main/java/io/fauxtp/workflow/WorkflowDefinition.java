package io.fauxtp.workflow;

/**
 * The code of a workflow: one entry method, run again from its first line on every resume.
 *
 * <p>The body must be deterministic given its input and what its awaits return: reach time, randomness,
 * I/O and other side effects only through the {@link WorkflowContext} (effects, signals, sleeps, now). Do not
 * catch {@link Throwable} or {@link Error}: suspending a run unwinds it with an internal {@code Error}.
 *
 * @param <I> the input type
 * @param <R> the result type
 */
@FunctionalInterface
public interface WorkflowDefinition<I, R> {

    /** Runs the workflow for {@code input}. */
    R run(WorkflowContext ctx, I input) throws Exception;
}
