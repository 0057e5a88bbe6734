package io.fauxtp.cluster.hazelcast;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.CastResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;
import java.util.ArrayList;
import java.util.List;

/** A GenServer of the tests that keeps the casts it gets, in arrival order; any call returns them. */
final class Inbox implements GenServer<List<Object>> {
    @Override
    public List<Object> init(Object args) {
        return new ArrayList<>();
    }

    @Override
    public CastResult<List<Object>> handleCast(Object request, List<Object> seen) {
        seen.add(request);
        return CastResult.noReply(seen);
    }

    @Override
    public CallResult<List<Object>> handleCall(Object request, From from, List<Object> seen) {
        return CallResult.reply(List.copyOf(seen), seen);
    }
}
