package io.fauxtp.sample.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.genserver.CallResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The account counter's callbacks as plain functions, on a clock the test moves. */
class AccountCounterTest {

    /** A clock that stands still until the test moves it. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final AccountCounter counter = new AccountCounter(clock);

    @Test
    void usesBeyondTheLimitAreRefusedUntilTheWindowEnds() {
        AccountCounter.State state = counter.init(Map.of("account", "bob", "limit", "2", "window", "1m"));

        state = use(state, true, 1);
        state = use(state, true, 2);
        state = use(state, false, 2);
        clock.advance(Duration.ofMinutes(1));
        use(state, true, 1);
    }

    @Test
    void badInitArgsSayWhichArgumentAndWhere() {
        assertThatThrownBy(() -> counter.init(Map.of("account", "bob", "limit", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("args.limit").hasMessageContaining("many");
        assertThatThrownBy(() -> counter.init(Map.of("account", "bob", "limit", "3", "window", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("args.window").hasMessageContaining("soon");
        assertThatThrownBy(() -> counter.init(Map.of("limit", "3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'account'");
    }

    private AccountCounter.State use(AccountCounter.State state, boolean allowed, int used) {
        CallResult<AccountCounter.State> result = counter.handleCall(new AccountRequest.Use(), null, state);
        CallResult.Reply<AccountCounter.State> reply = (CallResult.Reply<AccountCounter.State>) result;
        Usage usage = (Usage) reply.reply();
        assertThat(usage.allowed()).isEqualTo(allowed);
        assertThat(usage.used()).isEqualTo(used);
        return reply.state();
    }
}
