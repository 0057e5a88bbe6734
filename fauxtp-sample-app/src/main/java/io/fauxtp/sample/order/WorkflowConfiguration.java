package io.fauxtp.sample.order;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.text.TextCodec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the sample adds to fauxtp's workflow auto-configuration: the types its suspensions hold, and the payment
 * gateway's handler. The engine (with the {@code @Workflow} beans), the embedded H2 store, the
 * {@code Suspension} converters and the run processes come from the starter.
 */
@Configuration(proxyBeanMethods = false)
public class WorkflowConfiguration {

    /** The sample's records, written in suspensions by name: {@code sample.Order('alice', 'book', 1_250)}. */
    @Bean
    TextCodec sampleTypes() {
        return TextCodec.builder()
                .record(Order.class, "sample.Order")
                .record(Approval.class, "sample.Approval")
                .record(OrderOutcome.class, "sample.OrderOutcome")
                .build();
    }

    /** The real handler of the {@link PaymentGateway} effect (tests use a fake one). */
    @Bean
    EffectHandler<PaymentGateway> simulatedPayments(SimulatedPaymentGateway gateway) {
        return EffectHandler.of("simulated-payments", PaymentGateway.class, gateway);
    }
}
