package io.fauxtp.spring.observability.app;

import java.util.concurrent.CountDownLatch;

/** What the inventory server understands. */
public sealed interface InventoryRequest {

    /** Adds {@code count} items. */
    record Add(int count) implements InventoryRequest {
    }

    /** Replies with the item count. */
    record Count() implements InventoryRequest {
    }

    /** Blocks in {@code handleCall}: counts {@code entered} down, then waits for {@code release}. */
    record Block(CountDownLatch entered, CountDownLatch release) implements InventoryRequest {
    }

}
