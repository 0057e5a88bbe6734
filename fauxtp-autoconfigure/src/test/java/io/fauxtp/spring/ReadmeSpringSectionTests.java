package io.fauxtp.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the YAML of the README and of the pages under {@code docs/} true where {@code ReadmeSnippetsTest} cannot:
 * every YAML block must be marked {@code <!-- yaml: path -->} and equal that file (which a test boots or binds:
 * {@code QuickstartApplicationTests}, the sample's tests, {@code DocsYamlBindingTests}, ...). The configuration
 * reference is checked by {@code ConfigurationReferenceTests} in fauxtp-cluster-hazelcast, which sees the metadata
 * of both modules.
 */
class ReadmeSpringSectionTests {

    private static final Pattern YAML_BLOCK = Pattern.compile("(<!-- yaml: (\\S+) -->\\n)?```yaml\\n(.*?)```",
            Pattern.DOTALL);

    private static final Path ROOT = Path.of("..");

    @Test
    void everyYamlBlockEqualsTheFileItNames() throws IOException {
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (Path page : pages()) {
            Matcher block = YAML_BLOCK.matcher(Files.readString(page));
            while (block.find()) {
                count++;
                String where = ROOT.relativize(page).toString();
                if (block.group(2) == null) {
                    problems.add(where + ": a yaml block without <!-- yaml: path --> (put it in a file a test uses)");
                } else if (!block.group(3).equals(Files.readString(ROOT.resolve(block.group(2))))) {
                    problems.add(where + ": the block for " + block.group(2) + " differs from the file; copy the file");
                }
            }
        }
        assertThat(problems).as("yaml blocks of the README and docs/").isEmpty();
        assertThat(count).as("yaml blocks in the README and docs/").isGreaterThanOrEqualTo(5);
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

}
