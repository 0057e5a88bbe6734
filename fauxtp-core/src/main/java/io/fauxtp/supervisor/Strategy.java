package io.fauxtp.supervisor;

/**
 * What a supervisor restarts when one of its children exits and is to be restarted (Erlang's restart
 * strategies).
 */
public enum Strategy {
    /** Only the child that exited is restarted. */
    ONE_FOR_ONE,
    /** Every other running child is terminated (in reverse start order), then all are started again in order. */
    ONE_FOR_ALL,
    /**
     * The children started after the one that exited are terminated (in reverse start order), then the exited
     * child and those after it are started again in order.
     */
    REST_FOR_ONE
}
