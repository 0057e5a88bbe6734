package io.fauxtp.process.internal;

/**
 * A runtime envelope (a GenServer call or cast) that serves as its own mailbox queue node the first time
 * it is sent: one allocation per message instead of two, which halves what the garbage collector has to copy
 * when a busy server's mailbox backs up. Sent again (a process forwarding what it received), it is wrapped in an
 * ordinary node like any other message. For envelopes created and sent by one thread only.
 */
public abstract class MailboxMessage extends QueueMailbox.Node {

    /** Set by its first send. */
    boolean linked;
    /** Set when a selective receive skipped it into the save queue (owner only; see QueueMailbox#poll). */
    boolean skipped;

    protected MailboxMessage() {
    }
}
