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
        return JsonPath.read(json, "$.hints[?(@.name == '" + name + "')].values[*].value");
    }

    private static List<String> kebab(Enum<?>[] constants) {
        return Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
    }

}
