package io.fauxtp.supervisor;

/** Whether a child is a worker or a supervisor (a subtree); used by counts, snapshots and default shutdown. */
public enum ChildType {
    WORKER,
    SUPERVISOR
}
