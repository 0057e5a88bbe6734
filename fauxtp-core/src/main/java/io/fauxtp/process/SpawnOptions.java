package io.fauxtp.process;

/**
 * How to spawn a process. {@code link} and {@code monitor} are relative to the spawning process, so they need
 * a spawning process ({@link ProcessContext#spawn(SpawnOptions, ProcessBody)}, or {@link Node#spawn} called
 * from inside a process of that node). Link, monitor, trap-exit and the registered name are all in place
 * before the body starts running.
 *
 * @param link     link the new process to the spawner
 * @param monitor  the spawner monitors the new process
 * @param trapExit the new process starts trapping exits
 * @param name     a name to register for the new process, or null
 */
public record SpawnOptions(boolean link, boolean monitor, boolean trapExit, String name) {

    private static final SpawnOptions DEFAULTS = new SpawnOptions(false, false, false, null);

    /** No link, no monitor, no trap-exit, no name. */
    public static SpawnOptions defaults() {
        return DEFAULTS;
    }

    public SpawnOptions withLink() {
        return new SpawnOptions(true, monitor, trapExit, name);
    }

    public SpawnOptions withMonitor() {
        return new SpawnOptions(link, true, trapExit, name);
    }

    public SpawnOptions withTrapExit() {
        return new SpawnOptions(link, monitor, true, name);
    }

    public SpawnOptions withName(String name) {
        return new SpawnOptions(link, monitor, trapExit, name);
    }
}
