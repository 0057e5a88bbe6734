package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fauxtp.process.internal.OtherProcessLoad.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Whether other processes keep the cores busy, from Linux's CPU accounting. */
class OtherProcessLoadTest {

    private static final String MACHINE = """
            cpu  1000 20 300 5000 80 0 10 40 0 0
            cpu0 500 10 150 2500 40 0 5 20 0 0
            cpu1 500 10 150 2500 40 0 5 20 0 0
            intr 123456
            """;

    @Test
    void aReadingAddsUpTheBusyTicksOfTheMachineAndThisJvm() {
        // the command may hold spaces and parentheses: the fields are counted after the last ')'
        String self = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 731 269 0 0 20 0 30 0";
        Reading reading = OtherProcessLoad.reading(MACHINE, self);
        assertThat(reading.allTicks()).isEqualTo(1000 + 20 + 300 + 5000 + 80 + 0 + 10 + 40);
        assertThat(reading.busyTicks()).as("all but idle and iowait").isEqualTo(1000 + 20 + 300 + 10 + 40);
        assertThat(reading.ownTicks()).as("utime + stime").isEqualTo(731 + 269);
        assertThat(reading.cpus()).isEqualTo(2);
    }

    @Test
    void textOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> OtherProcessLoad.reading("intr 1 2 3\n", "1 (x) S 1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void othersCountAsBusyFromHalfACore() {
        // two CPUs, 100 ticks each in the period: 200 ticks in all
        Reading before = new Reading(10_000, 4_000, 1_000, 2);
        assertThat(OtherProcessLoad.othersBusy(before, new Reading(10_200, 4_100, 1_000, 2)))
                .as("others used one core of two").isTrue();
        assertThat(OtherProcessLoad.othersBusy(before, new Reading(10_200, 4_050, 1_000, 2)))
                .as("others used half a core").isTrue();
        assertThat(OtherProcessLoad.othersBusy(before, new Reading(10_200, 4_040, 1_000, 2)))
                .as("others used 0.4 of a core").isFalse();
    }

    @Test
    void thisJvmKeepingEveryCoreBusyIsNotOthers() {
        Reading before = new Reading(10_000, 4_000, 1_000, 2);
        assertThat(OtherProcessLoad.othersBusy(before, new Reading(10_200, 4_200, 1_200, 2))).isFalse();
        assertThat(OtherProcessLoad.othersBusy(before, before)).as("no time passed").isFalse();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theCoresCountAsContendedForWaitersWhileAnotherProcessKeepsOneBusy() throws Exception {
        assertThat(Files.isReadable(Path.of("/proc/stat"))).isTrue();
        // a real other process, busy on a core for as long as the test needs
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(Spin::contended);
        } finally {
            busy.destroyForcibly().waitFor();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theReadingThreadEndsWhenNoWaiterAsks() {
        OtherProcessLoad load = new OtherProcessLoad(true);
        load.busy();
        assertThat(load.threadRunning()).as("started by the first question").isTrue();
        long periods = OtherProcessLoad.IDLE_PERIODS + 2;
        await().atMost(Duration.ofNanos(periods * OtherProcessLoad.PERIOD_NANOS).plusSeconds(20))
                .until(() -> !load.threadRunning());
    }
}
