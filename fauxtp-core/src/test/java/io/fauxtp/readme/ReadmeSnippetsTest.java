package io.fauxtp.readme;

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
 * Keeps the README and the reference pages under {@code docs/} honest: every code block preceded by
 * {@code <!-- snippet: path/to/File.java#tag -->} must equal, character for character, the region of that
 * source file between {@code // tag::tag[]} and {@code // end::tag[]} (common indentation removed). The source
 * files are tests of their own modules, so each example is compiled and run by the build. A Java block without
 * such a marker fails the check, and so does a Maven dependency on a fauxtp module that does not exist or names
 * another version than the build's. (YAML blocks are checked by {@code ReadmeSpringSectionTests} in
 * fauxtp-autoconfigure.)
 */
class ReadmeSnippetsTest {

    private static final Pattern SNIPPET =
            Pattern.compile("<!-- snippet: (\\S+?)#(\\S+) -->\\s*\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^```java$");
    private static final Pattern XML_BLOCK = Pattern.compile("(?ms)^```xml\\n(.*?)^```");
    private static final Pattern FAUXTP_DEPENDENCY = Pattern.compile(
            "<groupId>io\\.fauxtp</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*(?:<version>([^<]+)</version>)?");
    private static final Pattern PROJECT_VERSION =
            Pattern.compile("<artifactId>fauxtp-parent</artifactId>\\s*<version>([^<]+)</version>");

    @Test
    void everySnippetMatchesItsCompiledSource() throws IOException {
        Path root = repositoryRoot();
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (Path page : pages(root)) {
            String text = Files.readString(page);
            String where = root.relativize(page).toString();
            Matcher m = SNIPPET.matcher(text);
            int found = 0;
            while (m.find()) {
                found++;
                Path source = root.resolve(m.group(1));
                String tag = m.group(2);
                if (!Files.isRegularFile(source)) {
                    problems.add(where + " names " + m.group(1) + ", which does not exist");
                    continue;
                }
                String region = region(Files.readString(source), tag);
                if (region == null) {
                    problems.add(where + ": " + m.group(1) + " has no region tagged '" + tag + "'");
                } else if (!region.equals(m.group(3))) {
                    problems.add(where + ": snippet " + m.group(1) + "#" + tag
                            + " differs from the source; copy this:\n" + region);
                }
            }
            if (found < snippetMarkers(text)) {
                problems.add(where + ": a snippet marker is not followed by a code block");
            }
            long javaBlocks = JAVA_BLOCK.matcher(text).results().count();
            if (javaBlocks > found) {
                problems.add(where + ": " + (javaBlocks - found) + " Java block(s) without a snippet marker;"
                        + " put the example in a test and mark the block with <!-- snippet: path#tag -->");
            }
            count += found;
        }
        assertThat(problems).as("snippets out of date").isEmpty();
        assertThat(count).as("snippets checked").isGreaterThan(20);
    }

    @Test
    void everyFauxtpDependencyNamesAModuleOfThisBuild() throws IOException {
        Path root = repositoryRoot();
        Matcher version = PROJECT_VERSION.matcher(Files.readString(root.resolve("fauxtp-core/pom.xml")));
        assertThat(version.find()).as("the parent version in fauxtp-core/pom.xml").isTrue();
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (Path page : pages(root)) {
            Matcher block = XML_BLOCK.matcher(Files.readString(page));
            while (block.find()) {
                Matcher dependency = FAUXTP_DEPENDENCY.matcher(block.group(1));
                while (dependency.find()) {
                    count++;
                    String where = root.relativize(page) + ": io.fauxtp:" + dependency.group(1);
                    if (!Files.isRegularFile(root.resolve(dependency.group(1)).resolve("pom.xml"))) {
                        problems.add(where + " is not a module of this build");
                    }
                    if (!version.group(1).equals(dependency.group(2))) {
                        problems.add(where + " has version " + dependency.group(2) + ", the build " + version.group(1));
                    }
                }
            }
        }
        assertThat(problems).as("fauxtp dependencies in the docs").isEmpty();
        assertThat(count).as("fauxtp dependencies checked").isPositive();
    }

    @Test
    void regionExtractionRemovesCommonIndentation() {
        String source = "class A {\n    // tag::x[]\n    int a;\n      int b;\n    // end::x[]\n}\n";
        assertThat(region(source, "x")).isEqualTo("int a;\n  int b;\n");
        assertThat(region(source, "y")).isNull();
    }

    /** README.md and every page under docs/. */
    static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    private static int snippetMarkers(String page) {
        return (int) page.lines().filter(l -> l.startsWith("<!-- snippet: ")).count();
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

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isRegularFile(dir.resolve("README.md")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/ not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
