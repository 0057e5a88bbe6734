package io.fauxtp.benchmarks;

import io.fauxtp.genserver.CallResult;
import io.fauxtp.genserver.From;
import io.fauxtp.genserver.GenServer;

/** The benchmarks' echo GenServer: answers every call with the request itself, keeps no state. */
public final class EchoServer implements GenServer<Object> {

    @Override
    public Object init(Object args) {
        return "";
    }

    @Override
    public CallResult<Object> handleCall(Object request, From from, Object state) {
        return CallResult.reply(request, state);
    }
}
