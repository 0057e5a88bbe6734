package io.fauxtp.process;

/**
 * The code a process runs. Returning ends the process with {@link ExitReason#NORMAL}; throwing ends it with
 * {@link ExitReason.Error} (logged once); {@link ProcessContext#exit(ExitReason)} ends it with any reason.
 */
@FunctionalInterface
public interface ProcessBody {
    void run(ProcessContext self) throws Exception;
}
