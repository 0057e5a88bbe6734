/**
 * Durable workflows by deterministic replay: a {@link io.fauxtp.workflow.WorkflowDefinition} reaches the
 * world only through its {@link io.fauxtp.workflow.WorkflowContext} (effects, signals, durable sleeps, time);
 * a {@link io.fauxtp.workflow.Suspension} records the journal of completed awaits; the
 * {@link io.fauxtp.workflow.WorkflowEngine} replays it to continue. {@link io.fauxtp.workflow.Environment}
 * and {@link io.fauxtp.workflow.NamedReference} give workflows named values and functions.
 */
package io.fauxtp.workflow;
