package io.fauxtp.benchmarks.http;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /plain}: the baseline, a {@code synchronized} method on the request thread. */
@Profile("plain")
@RestController
public class PlainCounterController {

    private final PlainCounter counter;

    public PlainCounterController(PlainCounter counter) {
        this.counter = counter;
    }

    @PostMapping("/plain")
    public String increment() {
        return String.valueOf(this.counter.increment());
    }
}
