package io.fauxtp.spring.observability.warehouses;

import io.fauxtp.spring.DynamicSupervisorRef;
import io.fauxtp.spring.ServerRef;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/** Opens and closes warehouses at run time, one child of the dynamic supervisor each. */
// tag::warehouses[]
@Service
public class Warehouses {

    private final DynamicSupervisorRef warehouses;

    public Warehouses(@Qualifier("warehouses") DynamicSupervisorRef warehouses) {
        this.warehouses = warehouses;
    }

    public ServerRef open(String code, int capacity) {
        return this.warehouses.startChild(code, Map.of("capacity", Integer.toString(capacity)));
    }

    public Optional<ServerRef> find(String code) {
        return this.warehouses.findChild(code);
    }

    public boolean close(String code) {
        return this.warehouses.stopChild(code);
    }

}
// end::warehouses[]
