package io.fauxtp.benchmarks.http;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The application of the end-to-end HTTP benchmark ({@code fauxtp-benchmarks/http.sh}): one Spring MVC endpoint
 * per variant, each adding one to a counter and answering with the new count. The active profiles choose the
 * variants ({@code fauxtp}, {@code pekko}, {@code plain}); the script starts one JVM per variant, so the variant
 * being measured has the machine to itself. Its configuration is {@code http-bench.yml}, not
 * {@code application.yml}, so that nothing else in the benchmarks jar picks it up.
 */
@SpringBootApplication
public class HttpBenchApplication {

    /** The configuration file's name ({@code http-bench.yml}, {@code http-bench-<profile>.yml}). */
    public static final String CONFIG_NAME = "http-bench";

    public static void main(String[] args) {
        builder().run(args);
    }

    /** @return the application, configured from {@code http-bench.yml} */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(HttpBenchApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }
}
