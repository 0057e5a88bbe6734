package io.fauxtp.spring.autoconfigure;

import static io.fauxtp.spring.ShardAddress.shard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.fauxtp.spring.FauxtpTemplate;
import io.fauxtp.spring.ShardAddress;
import io.fauxtp.spring.ShardRouter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link FauxtpTemplate} addresses sharded GenServers through the application's {@link ShardRouter} bean, which
 * the cluster module provides ({@code ShardedGenServersAutoConfigurationTest} there runs the real one); without
 * one, a call says how to configure sharding.
 */
class ShardAddressTemplateTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FauxtpAutoConfiguration.class));

    /** Knows only the type "account"; answers a call with what it was asked, and keeps casts. */
    static final class AccountsOnly implements ShardRouter {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public @Nullable Object call(ShardAddress entity, Object request, Duration timeout) {
            known(entity);
            this.seen.add("call " + entity + " " + request + " within " + timeout);
            return entity.entityId() + ":" + request;
        }

        @Override
        public void cast(ShardAddress entity, Object request) {
            known(entity);
            this.seen.add("cast " + entity + " " + request);
        }

        private static void known(ShardAddress entity) {
            if (!entity.type().equals("account")) {
                throw new IllegalArgumentException("no sharded type '" + entity.type() + "': configure fauxtp.shards."
                        + entity.type());
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WithRouter {
        @Bean
        AccountsOnly router() {
            return new AccountsOnly();
        }
    }

    @Test
    void withoutShardingACallSaysWhichPropertyDeclaresTheType() {
        this.runner.run(context -> {
            FauxtpTemplate template = context.getBean(FauxtpTemplate.class);
            assertThatIllegalStateException().isThrownBy(() -> template.call(shard("account", "bob"), 5L, Long.class))
                    .withMessageContaining("account/bob").withMessageContaining("fauxtp.shards.account")
                    .withMessageContaining("fauxtp-cluster-hazelcast").withMessageContaining("fauxtp.cluster.enabled");
            assertThatIllegalStateException().isThrownBy(() -> template.cast(shard("account", "bob"), 5L))
                    .withMessageContaining("fauxtp.shards.account");
        });
    }

    @Test
    void callsAndCastsGoThroughTheRouterBeanWithTheCallTimeout() {
        this.runner.withUserConfiguration(WithRouter.class).withPropertyValues("fauxtp.call-timeout=750ms")
                .run(context -> {
                    FauxtpTemplate template = context.getBean(FauxtpTemplate.class);
                    AccountsOnly router = context.getBean(AccountsOnly.class);
                    assertThat(template.call(shard("account", "bob"), 5L, String.class)).isEqualTo("bob:5");
                    template.cast(shard("account", "ann"), "hi");
                    assertThat(template.call(shard("account", "bob"), 6L, Object.class, Duration.ofSeconds(2)))
                            .isEqualTo("bob:6");
                    assertThat(router.seen).containsExactly("call account/bob 5 within PT0.75S",
                            "cast account/ann hi", "call account/bob 6 within PT2S");
                    assertThatExceptionOfType(ClassCastException.class)
                            .isThrownBy(() -> template.call(shard("account", "bob"), 7L, Long.class))
                            .withMessageContaining("account/bob").withMessageContaining("not the expected java.lang.Long");
                    assertThatIllegalArgumentException()
                            .isThrownBy(() -> template.call(shard("acount", "bob"), 5L, Long.class))
                            .withMessageContaining("fauxtp.shards.acount");
                });
    }

    @Test
    void anAddressNeedsAType() {
        assertThatIllegalArgumentException().isThrownBy(() -> shard(" ", "bob")).withMessageContaining("blank");
        assertThat(shard("account", "bob")).hasToString("account/bob");
    }

}
