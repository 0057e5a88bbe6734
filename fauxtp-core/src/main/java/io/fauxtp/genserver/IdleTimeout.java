package io.fauxtp.genserver;

import java.time.Duration;

/**
 * The message {@code handleInfo} receives when a server waited {@code after} without any message, because a
 * callback result asked for it ({@code withTimeout}) or {@link StartOptions#idleTimeout()} is set.
 */
public record IdleTimeout(Duration after) {}
