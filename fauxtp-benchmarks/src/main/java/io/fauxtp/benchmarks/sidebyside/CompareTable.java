package io.fauxtp.benchmarks.sidebyside;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the side-by-side table from the result files {@code compare.sh} writes into one directory:
 * {@code fauxtp.csv} and {@code pekko.csv} (JMH {@code -rf csv}), {@code fauxtp-footprint.txt},
 * {@code pekko-footprint.txt} and {@code erlang.txt} ({@code RESULT key value unit} lines). A ratio above 1
 * means fauxtp is better, whether the figure is a time (lower is better) or a rate (higher is better).
 */
public final class CompareTable {

    private CompareTable() {}

    /** One row: the workload key, its label, the unit shown and whether a higher figure is better. */
    record Row(String key, String label, String unit, boolean higherIsBetter) {}

    static final List<Row> ROWS = List.of(
            new Row("callFromProcess", "(a) call round trip, process -> GenServer", "ns", false),
            new Row("callFromPlatformThread", "(a) call round trip, platform thread", "ns", false),
            new Row("castThroughput", "(b) cast throughput, 1 sender", "M msgs/s", true),
            new Row("pingPong", "(c) send/receive ping-pong round trip", "ns", false),
            new Row("spawnIdle", "(d) spawn 1M idle GenServers, start waits for init", "s", false),
            new Row("spawnAsync", "(d) spawn 1M idle GenServers, start returns at once", "s", false),
            new Row("bytesPerIdle", "(d) heap per idle GenServer", "B", false),
            new Row("stopAll", "(d) stop 1M, observe every exit", "s", false),
            new Row("shortLived", "(d) 1M short-lived processes", "s", false),
            new Row("restartToAnswer", "(e) one_for_one restart to answer", "us", false),
            new Row("fanIn", "(f) fan-in 1000 x 1000 casts", "M msgs/s", true));

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Map<String, Double> fauxtp = new HashMap<>();
        Map<String, Double> pekko = new HashMap<>();
        Map<String, Double> erlang = new HashMap<>();
        readJmh(dir.resolve("fauxtp.csv"), fauxtp);
        readJmh(dir.resolve("pekko.csv"), pekko);
        readResults(dir.resolve("fauxtp-footprint.txt"), fauxtp);
        readResults(dir.resolve("pekko-footprint.txt"), pekko);
        readResults(dir.resolve("erlang.txt"), erlang);
        System.out.println(render(fauxtp, pekko, erlang));
    }

    static String render(Map<String, Double> fauxtp, Map<String, Double> pekko, Map<String, Double> erlang) {
        StringBuilder out = new StringBuilder();
        out.append("| workload | unit | fauxtp | Pekko | Erlang | fauxtp/Pekko | fauxtp/Erlang |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : ROWS) {
            Double f = shown(row, fauxtp.get(row.key));
            Double p = shown(row, pekko.get(row.key));
            Double e = shown(row, erlang.get(row.key));
            out.append("| ").append(row.label).append(" | ").append(row.unit).append(" | ")
                    .append(format(f)).append(" | ").append(format(p)).append(" | ").append(format(e)).append(" | ")
                    .append(ratio(row, f, p)).append(" | ").append(ratio(row, f, e)).append(" |\n");
        }
        return out.toString();
    }

    /** The base value (seconds, per second or bytes) in the row's unit. */
    static Double shown(Row row, Double base) {
        if (base == null) {
            return null;
        }
        return switch (row.unit) {
            case "ns" -> base * 1e9;
            case "us" -> base * 1e6;
            case "M msgs/s" -> base / 1e6;
            default -> base;
        };
    }

    static String ratio(Row row, Double fauxtp, Double other) {
        if (fauxtp == null || other == null || fauxtp == 0 || other == 0) {
            return "–";
        }
        double r = row.higherIsBetter ? fauxtp / other : other / fauxtp;
        return String.format(Locale.ROOT, "%.2f", r);
    }

    static String format(Double v) {
        if (v == null) {
            return "–";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Converts a figure to its base unit: seconds for times, per second for rates, bytes for sizes. */
    static double toBase(double value, String unit) {
        return switch (unit) {
            case "ns", "ns/op" -> value / 1e9;
            case "us", "us/op" -> value / 1e6;
            case "ms", "ms/op" -> value / 1e3;
            case "s", "s/op", "ops/s", "msgs/s", "B" -> value;
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "'");
        };
    }

    static void readJmh(Path csv, Map<String, Double> into) throws IOException {
        if (!Files.exists(csv)) {
            return;
        }
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split(",");
            if (f.length < 7) {
                continue;
            }
            String benchmark = unquote(f[0]);
            String key = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            into.put(key, toBase(Double.parseDouble(unquote(f[4])), unquote(f[6])));
        }
    }

    static void readResults(Path file, Map<String, Double> into) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[0].equals("RESULT")) {
                into.put(f[1], toBase(Double.parseDouble(f[2]), f[3]));
            }
        }
    }

    private static String unquote(String s) {
        return s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
