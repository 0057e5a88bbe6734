package io.fauxtp.process.internal;

/**
 * The reply to a GenServer call, sent to the calling process. A process accepts only the reply of the call it
 * is waiting for ({@link ProcessImpl#awaitingReplyTag}); any other one is a late reply to a call that timed out
 * and is dropped whenever a receive meets it, so user code never sees replies.
 */
public final class CallReply extends MailboxMessage {

    private final long tag;
    private final Object reply;

    public CallReply(long tag, Object value) {
        this.tag = tag;
        this.reply = value;
    }

    public long tag() {
        return tag;
    }

    public Object value() {
        return reply;
    }

    @Override
    public String toString() {
        return "CallReply[tag=" + tag + ", value=" + reply + "]";
    }
}
