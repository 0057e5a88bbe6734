package io.fauxtp.spring.workflow.internal;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Defers work to the commit of the caller's Spring transaction: a run started or signalled inside one is stored
 * with the caller's writes, and its process may only look for it once they are committed.
 */
public final class AfterCommit {

    private static final boolean PRESENT = ClassUtils.isPresent(
            "org.springframework.transaction.support.TransactionSynchronizationManager",
            AfterCommit.class.getClassLoader());

    private AfterCommit() {
    }

    /**
     * Runs {@code action} after the current transaction commits (never if it rolls back), or at once when no
     * transaction synchronization is active.
     * @param action what to run
     */
    public static void run(Runnable action) {
        if (PRESENT && TransactionSynchronizationManager.isSynchronizationActive()) {
            Deferred.register(action);
        }
        else {
            action.run();
        }
    }

    /** Kept apart so that the class loads without spring-tx. */
    private static final class Deferred {

        static void register(Runnable action) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        }

    }

}
