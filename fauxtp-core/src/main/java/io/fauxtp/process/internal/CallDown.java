package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;

/**
 * The value of a {@link CallReply} that the runtime, not the server, sends: the server died (or never existed)
 * while the call waited. Internal, so no server can reply with it.
 */
public record CallDown(ExitReason reason) {}
