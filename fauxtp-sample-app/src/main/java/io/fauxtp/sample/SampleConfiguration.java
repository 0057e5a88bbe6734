package io.fauxtp.sample;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.effect.Handlers;
import io.fauxtp.sample.notify.Notifier;
import io.fauxtp.sample.notify.Outbox;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sample's shared beans: the clock and the effect handlers. */
@Configuration(proxyBeanMethods = false)
public class SampleConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The real handler of the {@link Notifier} effect: the outbox. */
    @Bean
    EffectHandler<Notifier> outboxNotifier(Outbox outbox) {
        return EffectHandler.of("outbox", Notifier.class, outbox);
    }

    /** Every effect handler bean, one per effect: what the chat rooms and the workflows run with. */
    @Bean
    Handlers effectHandlers(List<EffectHandler<?>> handlers) {
        return Handlers.of(handlers);
    }
}
