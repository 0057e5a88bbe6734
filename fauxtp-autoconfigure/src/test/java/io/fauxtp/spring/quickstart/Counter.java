package io.fauxtp.spring.quickstart;

// tag::genserver[]
import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.spring.GenServer;
import java.util.Map;

@GenServer("counter")   // a Spring bean: dependency injection works, restarts call init on this same object
public class Counter implements GenServer.Behaviour<Integer> {

    private final InitLog initLog;

    public Counter(InitLog initLog) {
        this.initLog = initLog;
    }

    @Override
    public Integer init(Object args) {   // args: the child's 'args' from application.yml, as a Map
        initLog.record(args);
        return args instanceof Map<?, ?> yml && yml.get("start") instanceof String start ? Integer.parseInt(start) : 0;
    }

    @Override
    public CallResult<Integer> handleCall(Object request, From from, Integer count) {
        return switch (request) {
            case CounterRequest.Increment(int by) -> CallResult.reply(count + by, count + by);
            case CounterRequest.Get() -> CallResult.reply(count, count);
            default -> throw new IllegalArgumentException("unknown request " + request);
        };
    }
}
// end::genserver[]
