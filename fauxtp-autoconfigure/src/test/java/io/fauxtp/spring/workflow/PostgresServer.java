package io.fauxtp.spring.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL server of a test class: the one {@code .ci/run} started ({@code FAUXTP_TEST_POSTGRES_URL}),
 * else one this class starts with {@code .ci/postgres.sh} when the PostgreSQL binaries are installed (and stops in
 * {@link #close()}, or at JVM exit at the latest), else none: the tests are then skipped with a message.
 */
public final class PostgresServer implements AutoCloseable {

    static final String URL_VARIABLE = "FAUXTP_TEST_POSTGRES_URL";

    private static final Pattern EXPORT = Pattern.compile("export " + URL_VARIABLE + "='([^']+)'");

    private static final Path SCRIPT = Path.of("..", ".ci", "postgres.sh");

    private final String url;

    private final Path ownedState;

    private final Thread stopAtExit;

    private PostgresServer(String url, Path ownedState) {
        this.url = url;
        this.ownedState = ownedState;
        this.stopAtExit = ownedState == null ? null : new Thread(this::stop, "stop-test-postgres");
        if (this.stopAtExit != null) {
            Runtime.getRuntime().addShutdownHook(this.stopAtExit);
        }
    }

    /** The server, or aborts the calling test class (skipped, with the reason) when there can be none. */
    public static PostgresServer obtain() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new PostgresServer(url, null);
        }
        Assumptions.assumeTrue(binariesInstalled() && Files.isExecutable(SCRIPT), () -> URL_VARIABLE + " is not "
                + "set and the PostgreSQL binaries (/usr/lib/postgresql/*/bin) are not installed: skipping the "
                + "PostgreSQL tests. Run .ci/run, or install the Debian package 'postgresql'.");
        Path state = Path.of(System.getProperty("java.io.tmpdir"), "fauxtp-test-postgres-" + UUID.randomUUID());
        String output = script("start", state);
        Matcher export = EXPORT.matcher(output);
        if (!export.find()) {
            script("stop", state);
            throw new IllegalStateException(SCRIPT + " start printed no JDBC URL: " + output);
        }
        return new PostgresServer(export.group(1), state);
    }

    public String url() {
        return this.url;
    }

    public PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(this.url);
        return dataSource;
    }

    @Override
    public void close() {
        if (this.stopAtExit != null) {
            Runtime.getRuntime().removeShutdownHook(this.stopAtExit);
            stop();
        }
    }

    private void stop() {
        script("stop", this.ownedState);
    }

    private static boolean binariesInstalled() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.anyMatch(version -> Files.isExecutable(version.resolve("bin/pg_ctl"))
                    && Files.isExecutable(version.resolve("bin/initdb")));
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static String script(String command, Path state) {
        try {
            Process process = new ProcessBuilder("bash", SCRIPT.toString(), command, state.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " " + command + " failed: " + output);
            }
            return output;
        }
        catch (IOException ex) {
            throw new IllegalStateException("could not run " + SCRIPT + ": " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + SCRIPT, ex);
        }
    }

}
