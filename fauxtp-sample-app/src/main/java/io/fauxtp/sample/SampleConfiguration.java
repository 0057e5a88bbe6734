package io.fauxtp.sample;

import io.fauxtp.effect.EffectHandler;
import io.fauxtp.sample.notify.Notifier;
import io.fauxtp.sample.notify.Outbox;
import java.time.Clock;
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
}
