package io.fauxtp.spring.observability.app;

import io.fauxtp.spring.GenServer;

/** A payments ledger: nothing but a process under the nested {@code payments} supervisor. */
@GenServer("ledger")
public class Ledger implements io.fauxtp.genserver.GenServer<Long> {

    @Override
    public Long init(Object args) {
        return 0L;
    }

}
