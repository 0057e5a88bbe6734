package io.fauxtp.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The effects example of docs/effects.md, compiled and run. */
class EffectsReadmeExampleTest {

    // tag::effects[]
    interface Payments {                       // an effect is an interface
        String charge(String customer, long cents);
    }

    static final class Checkout {              // code holds a request for it
        private final Payments payments = Effects.request(Payments.class, "Checkout.payments");

        String pay(String customer, long cents) {
            return payments.charge(customer, cents);
        }
    }
    // end::effects[]

    @Test
    void aTestSwapsTheHandler() {
        // tag::effects-test[]
        Checkout checkout = new Checkout();
        List<String> charged = new ArrayList<>();
        Handlers fake = Handlers.of(EffectHandler.of("fake-payments", Payments.class, (customer, cents) -> {
            charged.add(customer + ":" + cents);
            return "test-receipt";
        }));

        try (EffectScope scope = fake.bind()) {             // the fake answers inside this scope only
            assertThat(checkout.pay("ann", 1250)).isEqualTo("test-receipt");
        }
        assertThat(charged).containsExactly("ann:1250");
        assertThatThrownBy(() -> checkout.pay("bob", 1))     // no handler in scope
                .isInstanceOf(UnhandledEffectException.class)
                .hasMessageContaining("'Checkout.payments'");
        assertThat(Effects.unhandled(checkout, Handlers.empty()))   // what a startup check reports
                .containsExactly(new EffectRequest(Payments.class, "Checkout.payments"));
        // end::effects-test[]
    }
}
