package io.fauxtp.benchmarks.http;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /pekko}: an {@code ask} of the counter actor, waited for on the request thread as fauxtp's call
 * waits (the same timeout as {@code fauxtp.call-timeout}'s default).
 */
@Profile("pekko")
@RestController
public class PekkoCounterController {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final ActorSystem<PekkoCounter.Increment> counter;

    public PekkoCounterController(ActorSystem<PekkoCounter.Increment> counter) {
        this.counter = counter;
    }

    @PostMapping("/pekko")
    public String increment() throws InterruptedException, ExecutionException, TimeoutException {
        Long count = AskPattern.ask(this.counter, PekkoCounter.Increment::new, TIMEOUT, this.counter.scheduler())
                .toCompletableFuture()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return String.valueOf(count);
    }

    /** The actor system, whose guardian is the counter; terminated when the application closes. */
    @Profile("pekko")
    @Configuration(proxyBeanMethods = false)
    static class PekkoConfiguration {

        @Bean(destroyMethod = "terminate")
        ActorSystem<PekkoCounter.Increment> pekkoCounter() {
            return ActorSystem.create(PekkoCounter.counting(0), "http-bench");
        }
    }
}
