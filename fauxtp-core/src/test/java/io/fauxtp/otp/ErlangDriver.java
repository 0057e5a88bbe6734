package io.fauxtp.otp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived Erlang VM running {@code otp/differential_driver.escript}: a scenario goes in as one line (an
 * Erlang term), its trace comes back as lines ending with {@code end}. One VM serves every scenario of a run, so
 * a thousand scenarios cost one VM start.
 *
 * <p>Without Erlang on the PATH the tests are skipped ({@link ErlangAvailable}), except in CI.
 */
final class ErlangDriver implements AutoCloseable {

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final Path script;

    private ErlangDriver(Process process, Path script) {
        this.process = process;
        this.script = script;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the driver; fails when Erlang is missing (see {@link ErlangAvailable} for the skip). */
    static ErlangDriver start() {
        String escript = findEscript();
        if (escript == null) {
            throw new IllegalStateException("Erlang/OTP (escript) is not on the PATH: the differential tests "
                    + "against Erlang need it (apt-get install erlang-nox; .ci/run installs it)");
        }
        try {
            Path script = Files.createTempFile("fauxtp-differential-driver", ".escript");
            try (InputStream resource = ErlangDriver.class.getResourceAsStream("/otp/differential_driver.escript")) {
                Files.write(script, resource.readAllBytes());
            }
            Process process = new ProcessBuilder(escript, script.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new ErlangDriver(process, script);
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Erlang driver: " + e, e);
        }
    }

    static String findEscript() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "escript");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** Sends one scenario (an Erlang term without the final dot); read its trace with {@link #readTrace}. */
    void send(String erlangTerm) {
        try {
            in.write(erlangTerm);
            in.write(".\n");
            in.flush();
        } catch (IOException e) {
            throw new IllegalStateException("the Erlang driver is gone: " + e, e);
        }
    }

    /** The trace of the scenario sent last. */
    List<String> readTrace() {
        List<String> lines = new ArrayList<>();
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("end")) {
                    return lines;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("the Erlang driver is gone: " + e, e);
        }
        throw new IllegalStateException("the Erlang driver ended in the middle of a trace: " + lines);
    }

    /** Runs one scenario through Erlang. */
    List<String> run(String erlangTerm) {
        send(erlangTerm);
        return readTrace();
    }

    @Override
    public void close() throws Exception {
        in.close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(script);
    }
}
