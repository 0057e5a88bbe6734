package io.fauxtp.spring.quickstart;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

/** An ordinary bean that {@link Counter} gets injected: records the arguments of every {@code init}. */
@Component
public class InitLog {

    private final List<Object> inits = new CopyOnWriteArrayList<>();

    public void record(Object args) {
        this.inits.add(args);
    }

    public List<Object> inits() {
        return List.copyOf(this.inits);
    }

}
