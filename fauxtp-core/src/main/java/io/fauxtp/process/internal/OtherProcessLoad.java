package io.fauxtp.process.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether other processes of the machine keep its cores busy, from Linux's CPU accounting: every
 * {@link #PERIOD_NANOS} a daemon thread reads the CPU time all processes used ({@code /proc/stat}) and the time
 * this JVM used ({@code /proc/self/stat}); when the others used {@link #BUSY_CORES} of a core or more in that
 * period, a thread this JVM spins on a core takes it from a thread that could run there, possibly the one it waits
 * for, and {@link #busy()} holds until a period shows less.
 *
 * <p>{@link Contention} sees the same only when a spinner is descheduled, which a short spin often escapes: under a
 * busy thread per core in another JVM, the cores counted as contended about half of the time, and every spin outside
 * that half cost the spinner's partner a time slice (a ping-pong took two to four times as long as with no spinning
 * at all). The accounting sees the other process whether or not anything spins.
 *
 * <p>The thread starts with the first waiter that asks, and ends after {@link #IDLE_PERIODS} periods in which
 * none asked (the next one starts it again): a JVM whose processes do not wait reads nothing. Where the files
 * cannot be read (not Linux, a restricted {@code /proc}), {@link #busy()} stays false and {@link Contention} alone
 * decides.
 */
final class OtherProcessLoad {

    /** How often the accounting is read: two small files; at this rate about 0.05 % of one core. */
    static final long PERIOD_NANOS = 100_000_000;
    /** The CPU time others used, in cores over a period, from which the cores count as busy. */
    static final double BUSY_CORES = 0.5;
    /** Periods without a question after which the thread ends. */
    static final int IDLE_PERIODS = 50;

    private static final Path MACHINE = Path.of("/proc/stat");
    private static final Path SELF = Path.of("/proc/self/stat");

    /**
     * A reading of the accounting: the ticks of all CPUs together (busy and idle), their busy ticks, this JVM's
     * ticks, and the CPUs counted.
     */
    record Reading(long allTicks, long busyTicks, long ownTicks, int cpus) {}

    private final AtomicBoolean running = new AtomicBoolean();
    /** Someone asked since the thread last looked; written only when false, so asking is a read. */
    private volatile boolean asked;
    private volatile boolean busy;
    private final boolean available;

    OtherProcessLoad(boolean enabled) {
        this.available = enabled && read() != null;
    }

    /** Whether other processes used {@link #BUSY_CORES} or more in the last period; starts the reading if needed. */
    boolean busy() {
        if (!available) {
            return false;
        }
        if (!asked) {
            asked = true;
        }
        if (!running.get() && running.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("fauxtp-cpu-accounting").start(this::run);
        }
        return busy;
    }

    /** Whether the thread that reads the accounting runs (tests). */
    boolean threadRunning() {
        return running.get();
    }

    private void run() {
        Reading last = read();
        int idle = 0;
        try {
            while (last != null && idle < IDLE_PERIODS) {
                TimeUnit.NANOSECONDS.sleep(PERIOD_NANOS);
                Reading now = read();
                if (now == null) {
                    break;
                }
                busy = othersBusy(last, now);
                last = now;
                if (asked) {
                    asked = false;
                    idle = 0;
                } else {
                    idle++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            busy = false;
            running.set(false);
        }
    }

    /**
     * Whether, between two readings, the CPU time others used reached {@link #BUSY_CORES}: all busy time minus this
     * JVM's, as a share of all the ticks (busy and idle) of every CPU, times the CPUs.
     */
    static boolean othersBusy(Reading before, Reading after) {
        long all = after.allTicks - before.allTicks;
        if (all <= 0) {
            return false;
        }
        long others = (after.busyTicks - before.busyTicks) - (after.ownTicks - before.ownTicks);
        return others * (double) after.cpus >= BUSY_CORES * all;
    }

    private static Reading read() {
        try {
            String machine = Files.readString(MACHINE);
            String self = Files.readString(SELF);
            return reading(machine, self);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A reading from {@code /proc/stat} (its first line: {@code cpu user nice system idle iowait irq softirq steal
     * ...}, ticks of all CPUs together; then a {@code cpuN} line per CPU) and {@code /proc/self/stat} (utime and stime are its 14th and 15th fields; the 2nd, the
     * command, is in parentheses and may hold spaces). Busy: all but idle and iowait; steal counts, as time the
     * hypervisor gave to others. Throws on text of another shape.
     */
    static Reading reading(String machine, String self) {
        String[] lines = machine.split("\n");
        String[] cpu = lines[0].trim().split("\\s+");
        if (!cpu[0].equals("cpu") || cpu.length < 5) {
            throw new IllegalArgumentException("not the total line of /proc/stat: " + lines[0]);
        }
        int cpus = 0;
        for (int i = 1; i < lines.length && lines[i].startsWith("cpu"); i++) {
            cpus++;
        }
        long all = 0;
        long idle = 0;
        for (int i = 1; i < Math.min(cpu.length, 9); i++) { // user .. steal; guest time is in user already
            long ticks = Long.parseLong(cpu[i]);
            all += ticks;
            if (i == 4 || i == 5) {
                idle += ticks;
            }
        }
        String[] fields = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is the 3rd field (state): utime and stime are fields[11] and fields[12]
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return new Reading(all, all - idle, own, Math.max(1, cpus));
    }
}
