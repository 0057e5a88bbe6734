package io.fauxtp.spring.workflow;

/**
 * Which thread runs the steps a signal unblocks ({@link WorkflowRuns#signal}): set for all signals with
 * {@code fauxtp.workflow.signal-steps}, or per call.
 */
public enum SignalSteps {

    /**
     * The run's own process runs them: {@code signal} returns once the signal is stored, and a slow effect does not
     * hold up the caller (an HTTP request thread, say). The default.
     */
    PROCESS,

    /**
     * The caller's thread runs them before {@code signal} returns, which then answers the run as far as it got;
     * the run's process goes on from there.
     */
    CALLER

}
