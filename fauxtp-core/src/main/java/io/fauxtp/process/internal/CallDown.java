package io.fauxtp.process.internal;

import io.fauxtp.process.ExitReason;

/**
 * A call reply that the runtime, not the server, delivers: the server died (or never existed)
 * while the call waited. Internal, so no server can reply with it.
 */
public record CallDown(ExitReason reason) {}
