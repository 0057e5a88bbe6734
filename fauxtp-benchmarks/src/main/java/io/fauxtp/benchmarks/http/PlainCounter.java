package io.fauxtp.benchmarks.http;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Service;

/** The baseline's state: a counter behind a {@code synchronized} method. */
@Profile("plain")
@Service
public class PlainCounter {

    private long count;

    public synchronized long increment() {
        return ++this.count;
    }
}
