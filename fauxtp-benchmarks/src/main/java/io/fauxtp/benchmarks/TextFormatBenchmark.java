package io.fauxtp.benchmarks;

import io.fauxtp.text.Text;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dump and load of a ~1 MB document of mixed plain data in the compact text format, next to Jackson writing and
 * reading the same value as JSON. Throughput in MB/s = ops/s x the document size printed at setup (see
 * BENCHMARKS.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TextFormatBenchmark {

    private Map<String, Object> value;
    private String text;
    private String json;
    private ObjectMapper mapper;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        value = MixedDocument.build(1_200_000);
        mapper = JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();
        text = Text.dump(value);
        json = mapper.writeValueAsString(value);
        if (!Text.load(text).equals(value) || !mapper.readValue(json, Object.class).equals(value)) {
            throw new IllegalStateException("the document does not round-trip");
        }
        System.out.printf("%n[document] text: %d chars, %d UTF-8 bytes; json: %d chars, %d UTF-8 bytes%n",
                text.length(), text.getBytes(StandardCharsets.UTF_8).length, json.length(),
                json.getBytes(StandardCharsets.UTF_8).length);
    }

    @Benchmark
    public String textDump() {
        return Text.dump(value);
    }

    @Benchmark
    public Object textLoad() {
        return Text.load(text);
    }

    @Benchmark
    public String jacksonWrite() throws Exception {
        return mapper.writeValueAsString(value);
    }

    @Benchmark
    public Object jacksonRead() throws Exception {
        return mapper.readValue(json, Object.class);
    }
}
