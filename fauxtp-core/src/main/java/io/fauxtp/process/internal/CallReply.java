package io.fauxtp.process.internal;

/**
 * The reply to a GenServer call, sent to the calling process. A process accepts only the reply of the call it
 * is waiting for ({@link ProcessImpl#awaitingReplyTag}); any other one is a late reply to a call that timed out
 * and is dropped whenever a receive meets it, so user code never sees replies.
 */
public record CallReply(long tag, Object value) {}
