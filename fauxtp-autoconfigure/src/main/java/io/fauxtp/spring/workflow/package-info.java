/**
 * Spring wiring of fauxtp's workflows and effects: the suspension text converters, the workflow database, the
 * runs of an application context ({@link io.fauxtp.spring.workflow.WorkflowRuns}) and the startup check of
 * effect handlers.
 */
@NullMarked
package io.fauxtp.spring.workflow;

import org.jspecify.annotations.NullMarked;
