package io.fauxtp.spring.quickstart;

// tag::inject[]
import io.fauxtp.spring.ServerRef;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

@Service
public class Visits {

    private final ServerRef counter;

    public Visits(@Qualifier("counter-a") ServerRef counter) {   // the child named counter-a in application.yml
        this.counter = counter;
    }

    public int visit() {
        return counter.call(new CounterRequest.Increment(1), Integer.class);   // reaches counter-a, restarted or not
    }
}
// end::inject[]
