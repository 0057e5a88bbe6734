package io.fauxtp.spring.observability.app;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.spring.GenServer;
import java.util.Map;

/** A counter of items that opts in to showing its state on the actuator. */
// tag::format-status[]
@GenServer("inventory")
public class Inventory implements GenServer.Behaviour<Integer> {

    @Override
    public Integer init(Object args) {
        return 0;
    }

    @Override
    public CallResult<Integer> handleCall(Object request, From from, Integer items) throws Exception {
        return switch (request) {
            case InventoryRequest.Add(int count) -> CallResult.reply(items + count, items + count);
            case InventoryRequest.Count() -> CallResult.reply(items, items);
            case InventoryRequest.Block(var entered, var release) -> {
                entered.countDown();
                release.await();
                yield CallResult.reply(items, items);
            }
            default -> throw new IllegalArgumentException("unknown request " + request);
        };
    }

    @Override
    public Object formatStatus(Integer items) {   // opt-in: what the supervision endpoint may show
        return Map.of("items", items);
    }

}
// end::format-status[]
