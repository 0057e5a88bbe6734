package io.fauxtp.workflow.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Group commit of a store's saves: when saves wait while another is being written, the next one to go writes all
 * of them on one connection in one transaction and commits once; each returns only after that commit, with its
 * own answer. A database that writes its changed pages at each commit (H2) then writes them once for the group.
 *
 * <p>Leader and followers: a save that finds no save being written writes itself at once, alone, as it would
 * without this class (so a save that meets no other pays nothing more); a save that finds one being written
 * waits. The save being written, done, hands the writing to the first waiting save, which takes every save
 * waiting then (up to {@code maxGroup}) as its group. A save of the group that fails rolls the group back: it
 * fails alone, and the others are written again, each alone, so none fails or is lost for another's fault. A
 * failing commit fails the whole group, as it would fail a save alone: each save's caller gets the failure.
 */
public final class GroupCommit {

    /** One save, as the store writes it in a group and alone. */
    public interface Save {

        /**
         * Writes the save on {@code connection}, in a transaction that the group commits or rolls back; its
         * answer. It must not commit, roll back or change the connection's auto-commit mode.
         */
        boolean write(Connection connection) throws SQLException;

        /** Writes the save alone, committed before it returns; its answer. */
        boolean alone();

        /** The group's transaction was rolled back after {@link #write} ran: forget what it remembered. */
        void rolledBack();

        /** The exception of this save's caller for {@code e}. */
        RuntimeException failure(SQLException e);
    }

    private final DataSource dataSource;
    private final int maxGroup;
    private final ReentrantLock lock = new ReentrantLock();
    /** Saves waiting for the one being written, oldest first; guarded by {@link #lock}. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    /** Whether a save (or group) is being written; guarded by {@link #lock}. */
    private boolean writing;

    /** Group commit on connections of {@code dataSource}, at most {@code maxGroup} saves a transaction. */
    public GroupCommit(DataSource dataSource, int maxGroup) {
        if (maxGroup < 1) {
            throw new IllegalArgumentException("maxGroup must be positive, not " + maxGroup);
        }
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.maxGroup = maxGroup;
    }

    /** A save and, once written, its outcome; fields guarded by {@link #lock}. */
    private static final class Waiting {
        final Save save;
        final Condition woken;
        boolean lead;
        boolean done;
        boolean answer;
        RuntimeException failure;

        Waiting(Save save, Condition woken) {
            this.save = save;
            this.woken = woken;
        }
    }

    /**
     * Writes {@code save}, alone or with the saves waiting with it; returns its answer once it is committed.
     *
     * @throws RuntimeException what the save throws, or {@link Save#failure} of the group's commit
     */
    public boolean save(Save save) {
        Waiting me = new Waiting(save, lock.newCondition());
        lock.lock();
        try {
            if (writing) {
                waiting.add(me);
                while (!me.done && !me.lead) {
                    me.woken.awaitUninterruptibly();
                }
                if (me.done) {
                    return outcome(me);
                }
            } else {
                writing = true;
            }
        } finally {
            lock.unlock();
        }
        // This save writes: alone when it came first, with those waiting when it was handed the writing.
        List<Waiting> group = new ArrayList<>();
        group.add(me);
        try {
            lock.lock();
            try {
                while (group.size() < maxGroup && !waiting.isEmpty()) {
                    group.add(waiting.poll());
                }
            } finally {
                lock.unlock();
            }
            if (group.size() == 1) {
                try {
                    me.answer = save.alone();
                } catch (RuntimeException e) {
                    me.failure = e;
                }
                me.done = true;
            } else {
                write(group);
            }
        } catch (RuntimeException | Error e) {   // a fault of this class: no save of the group may wait forever
            failUnfinished(group, e);
            if (e instanceof Error error) {
                throw error;
            }
        } finally {
            handOver();
        }
        return outcome(me);
    }

    /** How many saves wait for the one being written (for tests). */
    public int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private static boolean outcome(Waiting w) {
        if (w.failure != null) {
            throw w.failure;
        }
        return w.answer;
    }

    /** Gives the writing to the oldest waiting save, or leaves it to the next save to come. */
    private void handOver() {
        lock.lock();
        try {
            Waiting next = waiting.poll();
            if (next == null) {
                writing = false;
            } else {
                next.lead = true;
                next.woken.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code group} in one transaction, or as the failures of its saves say. */
    private void write(List<Waiting> group) {
        List<Waiting> again = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            int wrote = 0;
            try {
                boolean[] answers = new boolean[group.size()];
                int failed = -1;
                RuntimeException failure = null;
                for (; wrote < group.size(); wrote++) {
                    Save save = group.get(wrote).save;
                    try {
                        answers[wrote] = save.write(c);
                    } catch (SQLException e) {
                        failed = wrote;
                        failure = save.failure(e);
                    } catch (RuntimeException e) {
                        failed = wrote;
                        failure = e;
                    }
                    if (failed >= 0) {
                        wrote++;
                        break;
                    }
                }
                if (failed < 0) {
                    c.commit();
                    for (int k = 0; k < group.size(); k++) {
                        finish(group.get(k), answers[k], null);
                    }
                    return;
                }
                // One save failed: the others must neither fail nor be lost for it. Each is written again, alone,
                // once the group's connection is back (a pool of one connection would otherwise wait forever).
                c.rollback();
                rolledBack(group, wrote);
                finish(group.get(failed), false, failure);
                for (Waiting w : group) {
                    if (!w.done) {
                        again.add(w);
                    }
                }
            } catch (SQLException e) {   // the commit (or rollback) failed: as it would fail each save alone
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                rolledBack(group, wrote);
                for (Waiting w : group) {
                    if (!w.done) {
                        finish(w, false, w.save.failure(e));
                    }
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {   // no connection, or restoring or closing it failed: committed saves stay so
            for (Waiting w : group) {
                if (!w.done) {
                    finish(w, false, w.save.failure(e));
                }
            }
        }
        for (Waiting w : again) {
            boolean answer;
            try {
                answer = w.save.alone();
            } catch (RuntimeException e) {
                finish(w, false, e);
                continue;
            }
            finish(w, answer, null);
        }
    }

    private static void rolledBack(List<Waiting> group, int wrote) {
        for (int k = 0; k < wrote; k++) {
            group.get(k).save.rolledBack();
        }
    }

    /** Fails each save of {@code group} not finished yet, after {@code e} interrupted the writing. */
    private void failUnfinished(List<Waiting> group, Throwable e) {
        for (Waiting w : group) {
            if (!w.done) {
                finish(w, false, e instanceof RuntimeException r ? r
                        : new IllegalStateException("the saves written with this one failed", e));
            }
        }
    }

    private void finish(Waiting w, boolean answer, RuntimeException failure) {
        lock.lock();
        try {
            w.answer = answer;
            w.failure = failure;
            w.done = true;
            if (w.woken != null) {
                w.woken.signal();
            }
        } finally {
            lock.unlock();
        }
    }
}
