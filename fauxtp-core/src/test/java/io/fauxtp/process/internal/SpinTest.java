package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The carriers of the virtual-thread scheduler, worked out from its system properties as the JDK does. */
class SpinTest {

    @Test
    void withoutPropertiesTheSchedulerHasACarrierPerProcessor() {
        assertThat(Spin.carriers(null, null, 2)).isEqualTo(2);
        assertThat(Spin.carriers(null, null, 1)).isEqualTo(1);
    }

    @Test
    void parallelismSetsTheCarriersAndMaxPoolSizeCapsThem() {
        assertThat(Spin.carriers("1", null, 8)).isEqualTo(1);
        assertThat(Spin.carriers(" 4 ", null, 2)).isEqualTo(4);
        assertThat(Spin.carriers(null, "1", 8)).isEqualTo(1);
        assertThat(Spin.carriers("6", "3", 8)).isEqualTo(3);
    }

    @Test
    void aValueTheJdkWouldRefuseCountsAsUnset() {
        assertThat(Spin.carriers("many", null, 2)).isEqualTo(2);
        assertThat(Spin.carriers("0", null, 2)).isEqualTo(2);
        assertThat(Spin.carriers("-1", null, 2)).isEqualTo(2);
    }

    @Test
    void onThisMachineAProcessSpinsUnlessTheSchedulerHasOneCarrier() throws Exception {
        try (io.fauxtp.process.Node node = io.fauxtp.process.Node.create("spin")) {
            java.util.concurrent.CompletableFuture<Boolean> yields = new java.util.concurrent.CompletableFuture<>();
            node.spawn(self -> yields.complete(Spin.mustYield()));
            assertThat(yields.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Spin.CARRIERS == 1);
        }
    }
}
