package io.fauxtp.benchmarks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.fauxtp.text.Text;
import io.fauxtp.workflow.Await;
import io.fauxtp.workflow.Outcome;
import io.fauxtp.workflow.Request;
import io.fauxtp.workflow.Suspension;
import io.fauxtp.workflow.SuspensionCodec;
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
 * The text format next to Jackson writing and reading the same values as JSON, on two documents: a ~1 MB
 * document of mixed plain data ({@link MixedDocument}), dumped and loaded with {@link Text}; and a suspension
 * with a 1,000-step journal ({@link JournalDocument}), dumped and loaded with {@link SuspensionCodec#standard()}
 * as a store does, which Jackson writes and reads as the {@link Suspension} record itself (its sealed
 * interfaces tagged with a type name by mix-ins, its {@code java.time} values by Jackson's own support). Each
 * setup checks that both round-trip to an equal value and prints the sizes; MB/s = ops/s x the UTF-8 size.
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

    private Suspension suspension;
    private SuspensionCodec codec;
    private String suspensionText;
    private String suspensionJson;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        value = MixedDocument.build(1_200_000);
        mapper = JsonMapper.builder()
                .enable(DeserializationFeature.USE_LONG_FOR_INTS)
                .addMixIn(Request.class, RequestTypes.class)
                .addMixIn(Outcome.class, OutcomeTypes.class)
                .addMixIn(Await.class, AwaitTypes.class)
                .addMixIn(Suspension.class, SuspensionProperties.class)
                .build();
        text = Text.dump(value);
        json = mapper.writeValueAsString(value);
        if (!Text.load(text).equals(value) || !mapper.readValue(json, Object.class).equals(value)) {
            throw new IllegalStateException("the mixed document does not round-trip");
        }
        suspension = JournalDocument.build(1_000);
        codec = SuspensionCodec.standard();
        suspensionText = codec.dump(suspension);
        suspensionJson = mapper.writeValueAsString(suspension);
        if (!codec.load(suspensionText).equals(suspension)
                || !mapper.readValue(suspensionJson, Suspension.class).equals(suspension)) {
            throw new IllegalStateException("the suspension does not round-trip");
        }
        System.out.printf("%n[mixed document] text: %d UTF-8 bytes; json: %d UTF-8 bytes%n",
                utf8(text), utf8(json));
        System.out.printf("[suspension, %d steps] text: %d UTF-8 bytes; json: %d UTF-8 bytes%n",
                suspension.journal().size(), utf8(suspensionText), utf8(suspensionJson));
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
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

    @Benchmark
    public String suspensionTextDump() {
        return codec.dump(suspension);
    }

    @Benchmark
    public Suspension suspensionTextLoad() {
        return codec.load(suspensionText);
    }

    @Benchmark
    public String suspensionJacksonWrite() throws Exception {
        return mapper.writeValueAsString(suspension);
    }

    @Benchmark
    public Suspension suspensionJacksonRead() throws Exception {
        return mapper.readValue(suspensionJson, Suspension.class);
    }

    /** Jackson's usual way to write a sealed hierarchy: a type name property per subtype. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = Request.EffectCall.class, name = "call"),
        @JsonSubTypes.Type(value = Request.SignalWait.class, name = "signal"),
        @JsonSubTypes.Type(value = Request.Sleep.class, name = "sleep"),
        @JsonSubTypes.Type(value = Request.CurrentTime.class, name = "now")})
    interface RequestTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = Outcome.Returned.class, name = "returned"),
        @JsonSubTypes.Type(value = Outcome.Threw.class, name = "threw")})
    interface OutcomeTypes {}

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = Await.Nothing.class, name = "nothing"),
        @JsonSubTypes.Type(value = Await.Effect.class, name = "effect"),
        @JsonSubTypes.Type(value = Await.Signal.class, name = "signal"),
        @JsonSubTypes.Type(value = Await.Timer.class, name = "timer")})
    interface AwaitTypes {}

    /** {@code isFinished()} is derived, not a component: not written. */
    abstract static class SuspensionProperties {
        @JsonIgnore
        abstract boolean isFinished();
    }
}
