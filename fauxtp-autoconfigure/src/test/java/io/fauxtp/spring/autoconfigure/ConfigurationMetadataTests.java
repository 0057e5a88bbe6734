package io.fauxtp.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.fauxtp.supervisor.Restart;
import io.fauxtp.supervisor.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The metadata IDEs read: generated from FauxtpProperties, plus the hand-written value hints. */
class ConfigurationMetadataTests {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    @Test
    void everyPropertyHasADescription() throws IOException {
        String json = Files.readString(METADATA);
        List<String> names = JsonPath.read(json, "$.properties[*].name");
        List<String> undocumented = JsonPath.read(json, "$.properties[?(!@.description)].name");
        assertThat(names).contains("fauxtp.enabled", "fauxtp.node-name", "fauxtp.call-timeout",
                "fauxtp.defaults.strategy", "fauxtp.defaults.max-restarts", "fauxtp.defaults.within",
                "fauxtp.defaults.restart", "fauxtp.defaults.shutdown", "fauxtp.supervisors");
        assertThat(undocumented).isEmpty();
    }

    @Test
    void hintsOfferEveryStrategyAndRestartTypeAsWrittenInYaml() throws IOException {
        String json = Files.readString(METADATA);
        assertThat(hintValues(json, "fauxtp.defaults.strategy")).containsExactlyElementsOf(kebab(Strategy.values()));
        assertThat(hintValues(json, "fauxtp.defaults.restart")).containsExactlyElementsOf(kebab(Restart.values()));
        assertThat(hintValues(json, "fauxtp.defaults.shutdown")).contains("brutal-kill", "infinity");
        for (String shutdown : hintValues(json, "fauxtp.defaults.shutdown")) {
            SupervisionModel.parseShutdown("hint", shutdown);   // each hinted value is accepted
        }
    }

    /**
     * The keys inside a supervisor and a child have no entries of their own: Boot's metadata format has no name
     * for a key inside a map of objects (spring-boot#9945), and its annotation processor drops a hint whose name
     * is not a property (a hint for 'fauxtp.supervisors.*.strategy' does not reach the generated file). What the
     * metadata does carry is the map's value type, from which an IDE that follows Java types into map values
     * can complete those keys (the enum values of strategy and restart included).
     */
    @Test
    void theSupervisorsMapNamesItsValueTypeForIdes() throws Exception {
        String json = Files.readString(METADATA);
        assertThat(JsonPath.<List<String>>read(json, "$.properties[?(@.name == 'fauxtp.supervisors')].type"))
                .containsExactly("java.util.Map<java.lang.String,io.fauxtp.spring.autoconfigure.FauxtpProperties$"
                        + "Supervisor>");
        assertThat(FauxtpProperties.Supervisor.class.getDeclaredField("strategy").getType()).isEqualTo(Strategy.class);
        assertThat(FauxtpProperties.Child.class.getDeclaredField("restart").getType()).isEqualTo(Restart.class);
    }

    @Test
    void theRemovedWriteOperationsSwitchIsAnErrorWithItsReplacement() throws IOException {
        String json = Files.readString(METADATA);
        String property = "$.properties[?(@.name == 'fauxtp.actuator.write-operations.enabled')]";
        assertThat(JsonPath.<List<String>>read(json, property + ".deprecation.level")).containsExactly("error");
        assertThat(JsonPath.<List<String>>read(json, property + ".deprecation.replacement"))
                .containsExactly("management.endpoint.supervision.access");
        assertThat(RemovedPropertiesCheck.REMOVED).containsKey("fauxtp.actuator.write-operations.enabled");
    }

    private static List<String> hintValues(String json, String name) {
        List<Object> values = JsonPath.read(json, hint(name) + ".values[*].value");
        return values.stream().map(String::valueOf).toList();
    }

    private static String hint(String name) {
        return "$.hints[?(@.name == '" + name + "')]";
    }

    private static List<String> kebab(Enum<?>[] constants) {
        return Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
    }

}
