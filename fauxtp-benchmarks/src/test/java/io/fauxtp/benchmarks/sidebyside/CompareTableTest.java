package io.fauxtp.benchmarks.sidebyside;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tables compare.sh prints, from result files written the way JMH, Footprint and bench.erl write them. */
class CompareTableTest {

    private static final String HEADER =
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\"";
    private static final String HEADER_WITH_PARAMS = HEADER + ",\"Param: layout\",\"Param: replyTo\"";

    @TempDir
    Path dir;

    private void jmh(String file, String... rows) throws IOException {
        Files.write(dir.resolve(file), concat(HEADER, rows));
    }

    private static List<String> concat(String header, String... rows) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(List.of(rows));
        return lines;
    }

    private static String row(String benchmark, double score, String unit, String... params) {
        StringBuilder line = new StringBuilder("\"io.fauxtp.benchmarks." + benchmark + "\",\"avgt\",1,5," + score
                + ",1.0,\"" + unit + "\"");
        for (String p : params) {
            line.append(',').append(p);
        }
        return line.toString();
    }

    private void results(String file, String... lines) throws IOException {
        Files.write(dir.resolve(file), List.of(lines));
    }

    private void fullRun() throws IOException {
        // two passes of the call: the table shows their mean
        jmh("fauxtp-callFromProcess-pass1.csv", row("sidebyside.FauxtpWorkloads.callFromProcess", 400, "ns/op"));
        jmh("fauxtp-callFromProcess-pass2.csv", row("sidebyside.FauxtpWorkloads.callFromProcess", 600, "ns/op"));
        jmh("pekko-callFromProcess-pass1.csv", row("sidebyside.PekkoWorkloads.callFromProcess", 1000, "ns/op"));
        jmh("fauxtp-callFromPlatformThread-pass1.csv",
                row("sidebyside.FauxtpWorkloads.callFromPlatformThread", 2000, "ns/op"));
        jmh("pekko-callFromPlatformThread-pass1.csv",
                row("sidebyside.PekkoWorkloads.callFromPlatformThread", 30000, "ns/op"));
        jmh("fauxtp-castThroughput-pass1.csv", row("sidebyside.FauxtpWorkloads.castThroughput", 25e6, "ops/s"));
        jmh("pekko-castThroughput-pass1.csv", row("sidebyside.PekkoWorkloads.castThroughput", 5e6, "ops/s"));
        jmh("fauxtp-pingPong-pass1.csv", row("sidebyside.FauxtpWorkloads.pingPong", 420, "ns/op"));
        jmh("pekko-pingPong-pass1.csv", row("sidebyside.PekkoWorkloads.pingPong", 2400, "ns/op"));
        jmh("fauxtp-restartToAnswer-pass1.csv", row("sidebyside.FauxtpWorkloads.restartToAnswer", 6.0, "us/op"));
        jmh("pekko-restartToAnswer-pass1.csv", row("sidebyside.PekkoWorkloads.restartToAnswer", 5.0, "us/op"));
        jmh("fauxtp-fanIn-pass1.csv", row("sidebyside.FauxtpWorkloads.fanIn", 11e6, "ops/s"));
        jmh("pekko-fanIn-pass1.csv", row("sidebyside.PekkoWorkloads.fanIn", 3e6, "ops/s"));
        results("fauxtp-footprint.txt", "round 1: ...", "RESULT spawnIdle 2.4500 s", "RESULT spawnAsync 0.9000 s",
                "RESULT bytesPerIdle 465 B", "RESULT stopAll 0.7000 s", "RESULT shortLived 0.7600 s");
        results("pekko-footprint.txt", "RESULT spawnIdle 10.7 s", "RESULT spawnAsync 10.2 s",
                "RESULT bytesPerIdle 805 B", "RESULT stopAll 16.2 s", "RESULT shortLived 6.94 s");
        results("erlang.txt", "RESULT callFromProcess 1486.0 ns", "RESULT castThroughput 7671656.0 msgs/s",
                "RESULT pingPong 729.0 ns", "RESULT fanIn 1758841.0 msgs/s", "RESULT restartToAnswer 12.3 us",
                "RESULT spawnIdle 11.6 s", "RESULT spawnAsync 9.4 s", "RESULT bytesPerIdle 2784 B",
                "RESULT stopAll 2.11 s", "RESULT shortLived 1.69 s");
        // each workload's floor, right before fauxtp's fork of it, per pass
        floor("floor-callFromProcess-pass1.csv", row("CacheLineFloorBenchmark.call", 170, "ns/op", "", "request"));
        floor("floor-callFromProcess-pass2.csv", row("CacheLineFloorBenchmark.call", 610, "ns/op", "", "request"));
        floor("floor-castThroughput-pass1.csv", row("CacheLineFloorBenchmark.stream", 45e6, "ops/s", "", ""));
        floor("floor-castThroughput-pass2.csv", row("CacheLineFloorBenchmark.stream", 18e6, "ops/s", "", ""));
        floor("floor-pingPong-pass1.csv", row("CacheLineFloorBenchmark.pingPong", 126, "ns/op", "twoLines", ""));
        floor("floor-pingPong-pass2.csv", row("CacheLineFloorBenchmark.pingPong", 470, "ns/op", "twoLines", ""));
        floor("floor-restartToAnswer-pass1.csv", row("CacheLineFloorBenchmark.pingPong", 460, "ns/op", "twoLines", ""));
        floor("floor-spawnIdle.csv", row("HandOffFloorBenchmark.virtualThreadStartAndWait", 1500, "ns/op", "", ""));
    }

    private void floor(String file, String row) throws IOException {
        Files.write(dir.resolve(file), concat(HEADER_WITH_PARAMS, row));
    }

    @Test
    void workloadsShowTheMeanOfTheirPassesAndRatiosAboveOneWhenFauxtpIsBetter() throws IOException {
        fullRun();
        String tables = CompareTable.tables(dir);
        // call: mean of 400 and 600 ns; Pekko 1000 ns: ratio 2.00; Erlang 1486: 2.97
        assertThat(tables).contains("| (a) call round trip, process -> GenServer | ns | 500 | 1000 | 1486 | 2.00 | 2.97 |");
        // a rate: fauxtp's divided by the other's
        assertThat(tables).contains("| (b) cast throughput, 1 sender | M msgs/s | 25.0 | 5.00 | 7.67 | 5.00 | 3.26 |");
        // restart: Pekko faster, ratio below 1
        assertThat(tables).contains("| (e) one_for_one restart to answer | us | 6.00 | 5.00 | 12.3 | 0.83 | 2.05 |");
    }

    @Test
    void eachWorkloadsFloorIsShownNextToFauxtpsFigureOfTheSamePass() throws IOException {
        fullRun();
        String tables = CompareTable.tables(dir);
        assertThat(tables).contains("| workload | floor measured right before fauxtp's fork | unit | floor, pass 1 |"
                + " fauxtp, pass 1 | floor, pass 2 | fauxtp, pass 2 |");
        assertThat(tables).contains("| (a) call round trip, process -> GenServer | call through a queue, reply into the"
                + " request | ns | 170 | 400 | 610 | 600 |");
        assertThat(tables).contains("| (b) cast throughput, 1 sender | one-way stream, a queue node per message |"
                + " M msgs/s | 45.0 | 25.0 | 18.0 | – |");
        // a floor in another unit than its row's: a million starts in seconds
        assertThat(tables).contains("| (d) spawn 1M idle GenServers, start waits for init | start a virtual thread and"
                + " wait for it, x 1M | s | 1.50 | 2.45 | – | – |");
    }

    @Test
    void targetsAreMetOrMissedAgainstTheirBoundAndTheFloorThatBoundsThem() throws IOException {
        fullRun();
        String tables = CompareTable.tables(dir);
        assertThat(tables).contains("| (a) call from a process <= 500 ns | 500 ns | 170–610 ns | **met** |");
        assertThat(tables).contains("| (b) cast >= 20 M msgs/s | 25.0 M msgs/s | 18.0–45.0 M msgs/s | **met** |");
        assertThat(tables).contains("| (c) ping-pong <= 250 ns | 420 ns | 126–470 ns | missed |");
        // a million starts at the floor's 1,500 ns each: 1.5 s, over the bound itself
        assertThat(tables).contains("| (d) spawn 1M <= 1 s, start waits for init | 2.45 s | 1.50 s |"
                + " missed: the machine's floor misses it too |");
        // restart has no floor of its own: the two-line round trip next to it is not one
        assertThat(tables).contains("| (e) restart to answer <= 5 us | 6.00 us | – | missed |");
        assertThat(tables).contains("| (d) spawn 1M <= 1 s, start returns at once | 0.90 s | – | **met** |");
        assertThat(tables).contains("| (a) call from a platform thread no slower than Pekko's ask | 2000 ns | Pekko's ask 30000 ns | **met** |");
        assertThat(tables).contains("| faster than Pekko and Erlang on every workload | 20 of 21 ratios above 1 | – | missed: (e) against Pekko |");
    }

    @Test
    void aTargetWhoseFloorMissesItTooSaysSo() throws IOException {
        fullRun();
        floor("floor-pingPong-pass1.csv", row("CacheLineFloorBenchmark.pingPong", 440, "ns/op", "twoLines", ""));
        String tables = CompareTable.tables(dir);
        assertThat(tables).contains("| (c) ping-pong <= 250 ns | 420 ns | 440–470 ns |"
                + " missed: the machine's floor misses it too |");
    }

    @Test
    void theOldSingleFileLayoutIsStillRead() throws IOException {
        jmh("fauxtp.csv", row("sidebyside.FauxtpWorkloads.pingPong", 339, "ns/op"));
        jmh("pekko.csv", row("sidebyside.PekkoWorkloads.pingPong", 782, "ns/op"));
        String tables = CompareTable.tables(dir);
        assertThat(tables).contains("| (c) send/receive ping-pong round trip | ns | 339 | 782 | – | 2.31 | – |");
        assertThat(tables).doesNotContain("floor measured right before");
    }

    @Test
    void idleAndLoadedPassesAreShownSideBySideWithTheirRatiosAndStanding() throws IOException {
        fullRun();
        Path idle = dir;
        dir = Files.createDirectory(idle.resolve("loaded"));
        // under load: ping-pong slower than Pekko's, the call still ahead
        jmh("fauxtp-callFromProcess-pass1.csv", row("sidebyside.FauxtpWorkloads.callFromProcess", 900, "ns/op"));
        jmh("pekko-callFromProcess-pass1.csv", row("sidebyside.PekkoWorkloads.callFromProcess", 1800, "ns/op"));
        jmh("fauxtp-pingPong-pass1.csv", row("sidebyside.FauxtpWorkloads.pingPong", 1500, "ns/op"));
        jmh("pekko-pingPong-pass1.csv", row("sidebyside.PekkoWorkloads.pingPong", 300, "ns/op"));
        results("erlang.txt", "RESULT callFromProcess 3000.0 ns", "RESULT pingPong 1000.0 ns");
        String table = CompareTable.renderIdleAndLoaded(CompareTable.Run.read(idle), CompareTable.Run.read(dir));
        assertThat(table).contains("| workload | unit | fauxtp idle | Pekko idle | Erlang idle | fauxtp loaded |"
                + " Pekko loaded | Erlang loaded | fauxtp/Pekko idle | fauxtp/Pekko loaded | fauxtp/Erlang idle |"
                + " fauxtp/Erlang loaded |");
        assertThat(table).contains("| (a) call round trip, process -> GenServer | ns | 500 | 1000 | 1486 | 900 | 1800 |"
                + " 3000 | 2.00 | 2.00 | 2.97 | 3.33 |");
        assertThat(table).contains("| (c) send/receive ping-pong round trip | ns | 420 | 2400 | 729 | 1500 | 300 |"
                + " 1000 | 5.71 | 0.20 | 1.74 | 0.67 |");
        // a workload the loaded pass did not measure shows a dash there
        assertThat(table).contains("| (f) fan-in 1000 x 1000 casts | M msgs/s | 11.0 | 3.00 | 1.76 | – | – | – |");
        assertThat(table).contains("Ratios above 1: idle 20 of 21 (behind: (e) against Pekko);"
                + " loaded 2 of 4 (behind: (c) against Erlang, (c) against Pekko).");
    }
}
