package io.fauxtp.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README honest: every code block in {@code README.md} that is preceded by
 * {@code <!-- snippet: path/to/File.java#tag -->} must equal, character for character, the region of that
 * source file between {@code // tag::tag[]} and {@code // end::tag[]} (common indentation removed). The
 * source files are tests of their own modules, so each example is compiled and run by the build.
 */
class ReadmeSnippetsTest {

    private static final Pattern SNIPPET =
            Pattern.compile("<!-- snippet: (\\S+?)#(\\S+) -->\\s*\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyReadmeSnippetMatchesItsCompiledSource() throws IOException {
        Path root = repositoryRoot();
        String readme = Files.readString(root.resolve("README.md"));
        Matcher m = SNIPPET.matcher(readme);
        List<String> problems = new ArrayList<>();
        int count = 0;
        while (m.find()) {
            count++;
            Path source = root.resolve(m.group(1));
            String tag = m.group(2);
            if (!Files.isRegularFile(source)) {
                problems.add("README names " + m.group(1) + ", which does not exist");
                continue;
            }
            String region = region(Files.readString(source), tag);
            if (region == null) {
                problems.add(m.group(1) + " has no region tagged '" + tag + "'");
            } else if (!region.equals(m.group(3))) {
                problems.add("README snippet " + m.group(1) + "#" + tag + " differs from the source; copy this:\n"
                        + region);
            }
        }
        assertThat(problems).as("README snippets out of date").isEmpty();
        assertThat(count).as("README snippets checked").isGreaterThanOrEqualTo(snippetMarkers(readme));
    }

    @Test
    void regionExtractionRemovesCommonIndentation() {
        String source = "class A {\n    // tag::x[]\n    int a;\n      int b;\n    // end::x[]\n}\n";
        assertThat(region(source, "x")).isEqualTo("int a;\n  int b;\n");
        assertThat(region(source, "y")).isNull();
    }

    private static int snippetMarkers(String readme) {
        return (int) readme.lines().filter(l -> l.startsWith("<!-- snippet: ")).count();
    }

    static String region(String source, String tag) {
        List<String> lines = source.lines().toList();
        int start = -1;
        int end = -1;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.equals("// tag::" + tag + "[]")) {
                start = i + 1;
            } else if (t.equals("// end::" + tag + "[]") && start >= 0) {
                end = i;
                break;
            }
        }
        if (start < 0 || end < 0) {
            return null;
        }
        List<String> body = lines.subList(start, end);
        int indent = body.stream()
                .filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length())
                .min()
                .orElse(0);
        StringBuilder out = new StringBuilder();
        for (String l : body) {
            out.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return out.toString();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
