package io.fauxtp.benchmarks.sidebyside;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Prints the side-by-side tables from the result files {@code compare.sh} writes into one directory:
 * <ul>
 *   <li>{@code fauxtp-*.csv} and {@code pekko-*.csv}: JMH {@code -rf csv} files, one per workload and pass; a
 *   workload measured in several passes shows the mean of its passes;</li>
 *   <li>{@code fauxtp-footprint.txt}, {@code pekko-footprint.txt} and {@code erlang.txt}: {@code RESULT key value
 *   unit} lines;</li>
 *   <li>{@code floor-<workload>[-pass<n>].csv}: the machine's floor (JMH csv of {@code CacheLineFloorBenchmark} or
 *   {@code HandOffFloorBenchmark}) measured right before fauxtp's fork of that workload.</li>
 * </ul>
 * Three tables: the workloads with the ratios fauxtp/Pekko and fauxtp/Erlang (above 1 means fauxtp is better,
 * whether the figure is a time or a rate), each workload's floor next to fauxtp's figure of the same minute, and
 * each target of the performance issue, met or missed, next to the floor that bounds it.
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

    /**
     * A floor of the machine, measured with no runtime right before fauxtp's fork of a workload: its key in the
     * floor files, its label and the unit shown; {@code perMillion}: measured per start, shown for a million.
     */
    record Floor(String key, String label, String unit, boolean perMillion) {
        Double shown(Double base) {
            return base == null ? null : perMillion ? base * 1e6 : CompareTable.shown(unit, base);
        }
    }

    static final List<Floor> FLOORS = List.of(
            new Floor("call[request]", "call through a queue, reply into the request", "ns", false),
            new Floor("stream", "one-way stream, a queue node per message", "M msgs/s", false),
            new Floor("pingPong[twoLines]", "round trip between the two cores, two cache lines", "ns", false),
            new Floor("virtualThreadStartAndWait", "start a virtual thread and wait for it, x 1M", "s", true));

    /**
     * A target of the performance issue: the row it reads, the bound in the row's unit, and whether the floor
     * measured next to that row bounds it (false: the floor there only tells where the two cores stood).
     */
    record Target(String label, String rowKey, double bound, boolean bounded) {}

    static final List<Target> TARGETS = List.of(
            new Target("(a) call from a process <= 500 ns", "callFromProcess", 500, true),
            new Target("(b) cast >= 20 M msgs/s", "castThroughput", 20, true),
            new Target("(c) ping-pong <= 250 ns", "pingPong", 250, true),
            new Target("(d) spawn 1M <= 1 s, start waits for init", "spawnIdle", 1, true),
            new Target("(d) spawn 1M <= 1 s, start returns at once", "spawnAsync", 1, false),
            new Target("(d) <= 600 B per idle GenServer", "bytesPerIdle", 600, false),
            new Target("(e) restart to answer <= 5 us", "restartToAnswer", 5, false),
            new Target("(f) fan-in >= 20 M msgs/s", "fanIn", 20, false));

    /** Every figure read for one implementation: key to the values of its passes, in base units. */
    static final class Results {
        final Map<String, List<Double>> values = new HashMap<>();

        void add(String key, double value) {
            values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }

        /** The mean of the passes, or null if the key was not measured. */
        Double mean(String key) {
            List<Double> v = values.get(key);
            return v == null || v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        }
    }

    /**
     * {@code CompareTable <dir>}: the tables of one run. {@code CompareTable --idle-and-loaded <idle dir> <loaded
     * dir>}: one table with the figures and ratios of an idle pass and of a pass under load side by side.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("--idle-and-loaded")) {
            System.out.print(renderIdleAndLoaded(Run.read(Path.of(args[1])), Run.read(Path.of(args[2]))));
        } else {
            System.out.print(tables(Path.of(args.length > 0 ? args[0] : ".")));
        }
    }

    /** The figures of one run: each implementation's, and the floors by workload. */
    record Run(Results fauxtp, Results pekko, Results erlang, Map<String, Results> floors) {

        /** Reads the result files in {@code dir}. */
        static Run read(Path dir) throws IOException {
            Results fauxtp = new Results();
            Results pekko = new Results();
            Results erlang = new Results();
            for (Path csv : files(dir, name -> name.startsWith("fauxtp") && name.endsWith(".csv"))) {
                readJmh(csv, fauxtp);
            }
            for (Path csv : files(dir, name -> name.startsWith("pekko") && name.endsWith(".csv"))) {
                readJmh(csv, pekko);
            }
            readResults(dir.resolve("fauxtp-footprint.txt"), fauxtp);
            readResults(dir.resolve("pekko-footprint.txt"), pekko);
            readResults(dir.resolve("erlang.txt"), erlang);
            Map<String, Results> floors = new LinkedHashMap<>(); // by workload
            for (Path csv : files(dir, name -> name.startsWith("floor-") && name.endsWith(".csv"))) {
                String name = csv.getFileName().toString();
                String workload = name.substring("floor-".length(), name.length() - ".csv".length())
                        .replaceAll("-pass\\d+$", "");
                readJmh(csv, floors.computeIfAbsent(workload, w -> new Results()));
            }
            return new Run(fauxtp, pekko, erlang, floors);
        }
    }

    /** The three tables (the floors only if the run measured them), from the result files in {@code dir}. */
    static String tables(Path dir) throws IOException {
        Run run = Run.read(dir);
        StringBuilder out = new StringBuilder(render(run.fauxtp, run.pekko, run.erlang)).append('\n');
        if (!run.floors.isEmpty()) {
            out.append(renderFloors(run.fauxtp, run.floors)).append('\n');
        }
        return out.append(renderTargets(run.fauxtp, run.pekko, run.erlang, run.floors)).toString();
    }

    /**
     * The figures and ratios of an idle pass and of a pass under a background load side by side, and how many
     * ratios are above 1 in each.
     */
    static String renderIdleAndLoaded(Run idle, Run loaded) {
        StringBuilder out = new StringBuilder();
        out.append("| workload | unit | fauxtp idle | Pekko idle | Erlang idle | fauxtp loaded | Pekko loaded"
                + " | Erlang loaded | fauxtp/Pekko idle | fauxtp/Pekko loaded | fauxtp/Erlang idle"
                + " | fauxtp/Erlang loaded |\n");
        out.append("| --- | --- |").append(" ---: |".repeat(10)).append('\n');
        for (Row row : ROWS) {
            out.append("| ").append(row.label).append(" | ").append(row.unit).append(" |");
            for (Run run : List.of(idle, loaded)) {
                for (Results results : List.of(run.fauxtp, run.pekko, run.erlang)) {
                    out.append(' ').append(format(shown(row.unit, results.mean(row.key)))).append(" |");
                }
            }
            for (java.util.function.Function<Run, Results> peer : List.<java.util.function.Function<Run, Results>>of(
                    Run::pekko, Run::erlang)) {
                for (Run run : List.of(idle, loaded)) {
                    out.append(' ').append(ratio(row, shown(row.unit, run.fauxtp.mean(row.key)),
                            shown(row.unit, peer.apply(run).mean(row.key)))).append(" |");
                }
            }
            out.append('\n');
        }
        Standing idleStanding = Standing.of(idle.fauxtp, idle.pekko, idle.erlang);
        Standing loadedStanding = Standing.of(loaded.fauxtp, loaded.pekko, loaded.erlang);
        return out.append("\nRatios above 1: idle ").append(idleStanding).append("; loaded ").append(loadedStanding)
                .append(".\n").toString();
    }

    /** The files of {@code dir} whose names {@code accept}s, by name. */
    static List<Path> files(Path dir, Predicate<String> accept) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> accept.test(p.getFileName().toString()))
                    .sorted() // by name: a workload's passes in order
                    .toList();
        }
    }

    static String render(Results fauxtp, Results pekko, Results erlang) {
        StringBuilder out = new StringBuilder();
        out.append("| workload | unit | fauxtp | Pekko | Erlang | fauxtp/Pekko | fauxtp/Erlang |\n");
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : ROWS) {
            Double f = shown(row.unit, fauxtp.mean(row.key));
            Double p = shown(row.unit, pekko.mean(row.key));
            Double e = shown(row.unit, erlang.mean(row.key));
            out.append("| ").append(row.label).append(" | ").append(row.unit).append(" | ")
                    .append(format(f)).append(" | ").append(format(p)).append(" | ").append(format(e)).append(" | ")
                    .append(ratio(row, f, p)).append(" | ").append(ratio(row, f, e)).append(" |\n");
        }
        return out.toString();
    }

    /**
     * Each workload's floor, measured right before fauxtp's fork of it, next to fauxtp's figure of that fork: a
     * column pair per pass.
     */
    static String renderFloors(Results fauxtp, Map<String, Results> floors) {
        int passes = floors.values().stream().mapToInt(r -> r.values.values().stream().mapToInt(List::size).max()
                .orElse(0)).max().orElse(0);
        StringBuilder out = new StringBuilder("| workload | floor measured right before fauxtp's fork | unit |");
        for (int pass = 1; pass <= passes; pass++) {
            String suffix = passes > 1 ? ", pass " + pass : "";
            out.append(" floor").append(suffix).append(" | fauxtp").append(suffix).append(" |");
        }
        out.append("\n| --- | --- | --- |").append(" ---: | ---: |".repeat(passes)).append('\n');
        for (Row row : ROWS) {
            Results measured = floors.get(row.key);
            if (measured == null) {
                continue;
            }
            for (Floor floor : FLOORS) {
                List<Double> values = measured.values.get(floor.key);
                if (values == null) {
                    continue;
                }
                List<Double> figures = fauxtp.values.getOrDefault(row.key, List.of());
                boolean sameUnit = floor.unit.equals(row.unit);
                out.append("| ").append(row.label).append(" | ").append(floor.label).append(" | ").append(floor.unit)
                        .append(sameUnit ? "" : " (fauxtp: " + row.unit + ")").append(" |");
                for (int pass = 0; pass < passes; pass++) {
                    out.append(' ').append(pass < values.size() ? format(floor.shown(values.get(pass))) : "–")
                            .append(" | ").append(pass < figures.size() ? format(shown(row.unit, figures.get(pass)))
                                    : "–").append(" |");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    static String renderTargets(Results fauxtp, Results pekko, Results erlang, Map<String, Results> floors) {
        StringBuilder out = new StringBuilder();
        out.append("| target | fauxtp | floor of the machine in this run | |\n");
        out.append("| --- | ---: | --- | --- |\n");
        for (Target target : TARGETS) {
            Row row = row(target.rowKey);
            Double figure = shown(row.unit, fauxtp.mean(row.key));
            String floorText = "–";
            boolean floorMisses = false;
            Results measured = floors.get(row.key);
            if (target.bounded && measured != null) {
                DoubleSummaryStatistics seen = new DoubleSummaryStatistics();
                for (Floor floor : FLOORS) {
                    for (double v : measured.values.getOrDefault(floor.key, List.of())) {
                        seen.accept(floor.shown(v));
                    }
                }
                if (seen.getCount() > 0) {
                    String low = format(seen.getMin());
                    String high = format(seen.getMax());
                    floorText = (low.equals(high) ? low : low + "–" + high) + " " + row.unit;
                    double best = row.higherIsBetter ? seen.getMax() : seen.getMin();
                    floorMisses = !meets(row, best, target.bound);
                }
            }
            String status = figure == null ? "not measured"
                    : meets(row, figure, target.bound) ? "**met**"
                    : floorMisses ? "missed: the machine's floor misses it too" : "missed";
            out.append("| ").append(target.label).append(" | ").append(format(figure)).append(' ').append(row.unit)
                    .append(" | ").append(floorText).append(" | ").append(status).append(" |\n");
        }
        Double platform = fauxtp.mean("callFromPlatformThread");
        Double ask = pekko.mean("callFromPlatformThread");
        out.append("| (a) call from a platform thread no slower than Pekko's ask | ")
                .append(format(shown("ns", platform))).append(" ns | Pekko's ask ").append(format(shown("ns", ask)))
                .append(" ns | ").append(platform == null || ask == null ? "not measured"
                        : platform <= ask ? "**met**" : "missed").append(" |\n");
        Standing standing = Standing.of(fauxtp, pekko, erlang);
        out.append("| faster than Pekko and Erlang on every workload | ").append(standing.above()).append(" of ")
                .append(standing.compared).append(" ratios above 1 | – | ").append(standing.compared > 0
                        && standing.behind.isEmpty() ? "**met**" : "missed: " + String.join(", ", standing.behind))
                .append(" |\n");
        return out.toString();
    }

    /** How fauxtp stands against both peers: the ratios compared, and those not above 1 ("(c) against Pekko"). */
    record Standing(int compared, List<String> behind) {

        static Standing of(Results fauxtp, Results pekko, Results erlang) {
            int compared = 0;
            List<String> behind = new ArrayList<>();
            for (Row row : ROWS) {
                for (Map.Entry<String, Results> peer : Map.of("Pekko", pekko, "Erlang", erlang).entrySet()) {
                    Double f = fauxtp.mean(row.key);
                    Double o = peer.getValue().mean(row.key);
                    if (f == null || o == null || f == 0 || o == 0) {
                        continue;
                    }
                    compared++;
                    if (ratioValue(row, f, o) <= 1) {
                        behind.add(row.label.substring(0, row.label.indexOf(')') + 1) + " against " + peer.getKey());
                    }
                }
            }
            behind.sort(null);
            return new Standing(compared, behind);
        }

        int above() {
            return compared - behind.size();
        }

        /** "19 of 21 (behind: (c) against Pekko, (e) against Pekko)". */
        @Override
        public String toString() {
            return above() + " of " + compared + (behind.isEmpty() ? "" : " (behind: " + String.join(", ", behind) + ")");
        }
    }

    private static Row row(String key) {
        return ROWS.stream().filter(r -> r.key.equals(key)).findFirst().orElseThrow();
    }

    private static boolean meets(Row row, double value, double bound) {
        return row.higherIsBetter ? value >= bound : value <= bound;
    }

    /** The base value (seconds, per second or bytes) in {@code unit}. */
    static Double shown(String unit, Double base) {
        if (base == null) {
            return null;
        }
        return switch (unit) {
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
        return String.format(Locale.ROOT, "%.2f", ratioValue(row, fauxtp, other));
    }

    private static double ratioValue(Row row, double fauxtp, double other) {
        return row.higherIsBetter ? fauxtp / other : other / fauxtp;
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

    /**
     * Reads a JMH csv file: each row's benchmark method name is its key, followed by its parameter values in
     * brackets when it has any ({@code pingPong[twoLines]}).
     */
    static void readJmh(Path csv, Results into) throws IOException {
        if (!Files.exists(csv)) {
            return;
        }
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < 7) {
                continue;
            }
            String benchmark = unquote(f[0]);
            StringBuilder key = new StringBuilder(benchmark.substring(benchmark.lastIndexOf('.') + 1));
            List<String> params = new ArrayList<>();
            for (int i = 7; i < f.length; i++) {
                String param = unquote(f[i]);
                if (!param.isEmpty()) {
                    params.add(param);
                }
            }
            if (!params.isEmpty()) {
                key.append('[').append(String.join(",", params)).append(']');
            }
            into.add(key.toString(), toBase(Double.parseDouble(unquote(f[4])), unquote(f[6])));
        }
    }

    static void readResults(Path file, Results into) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (String line : Files.readAllLines(file)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[0].equals("RESULT")) {
                into.add(f[1], toBase(Double.parseDouble(f[2]), f[3]));
            }
        }
    }

    private static String unquote(String s) {
        return s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
