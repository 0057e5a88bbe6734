package io.fauxtp.spring.quickstart;

// tag::bean[]
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;

// an ordinary bean, injected into Counter: it records the arguments of every init
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
// end::bean[]
