package io.fauxtp.spring.observability.warehouses;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.spring.GenServer;
import java.util.Map;

/** A warehouse's stock level, bounded by the capacity it was started with. */
// tag::warehouse[]
@GenServer("warehouse")
public class Warehouse implements GenServer.Behaviour<Integer> {

    @Override
    public Integer init(Object args) {
        Map<?, ?> yml = (Map<?, ?>) args;                 // {capacity=500}: values arrive as strings
        return Integer.parseInt((String) yml.get("capacity"));
    }

    @Override
    public CallResult<Integer> handleCall(Object request, From from, Integer capacity) {
        return CallResult.reply(capacity, capacity);      // any request: answer the capacity
    }

}
// end::warehouse[]
