package io.fauxtp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's Spring section true where {@code ReadmeSnippetsTest} cannot: YAML blocks marked
 * {@code <!-- yaml: path -->} must equal that file (which {@code QuickstartApplicationTests} boots with), and the
 * configuration reference in {@code docs/configuration.md} must list every property of the generated metadata
 * with its default.
 */
class ReadmeSpringSectionTests {

    private static final Pattern YAML_BLOCK = Pattern.compile("<!-- yaml: (\\S+) -->\\n```yaml\\n(.*?)```",
            Pattern.DOTALL);

    private static final Path ROOT = Path.of("..");

    @Test
    void everyYamlBlockEqualsTheFileItNames() throws IOException {
        Matcher block = YAML_BLOCK.matcher(readme());
        int count = 0;
        while (block.find()) {
            count++;
            assertThat(block.group(2)).as("README block for %s; copy the file", block.group(1))
                    .isEqualTo(Files.readString(ROOT.resolve(block.group(1))));
        }
        assertThat(count).as("yaml blocks in the README").isPositive();
    }

    @Test
    void theConfigurationReferenceListsEveryPropertyWithItsDefault() throws IOException {
        String reference = Files.readString(ROOT.resolve("docs/configuration.md"));
        String metadata = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
        List<Map<String, Object>> properties = JsonPath.read(metadata, "$.properties[*]");
        assertThat(properties).isNotEmpty();
        for (Map<String, Object> property : properties) {
            String name = (String) property.get("name");
            Object defaultValue = property.get("defaultValue");
            String row = defaultValue != null ? "| `%s` | `%s` |".formatted(name, defaultValue) : "| `%s` |".formatted(name);
            if (name.equals("fauxtp.supervisors")) {
                row = "| `fauxtp.supervisors.<name>.";
            }
            assertThat(reference).as("configuration reference row for %s", name).contains(row);
        }
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

}
