package io.fauxtp.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fauxtp.text.TextFormatException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Findings 1 and 4 of the attack run on the suspension text: bounded messages, and None is not a suspension. */
class SuspensionHostileTextTest {

    private static final SuspensionCodec CODEC = SuspensionCodec.standard();

    /** A waiting suspension whose effect argument is a list standing for 2^levels copies of a 100-char string. */
    static Suspension waitingOnAHugeSharedArgument(int levels) {
        Object dag = List.of("x".repeat(100));
        for (int i = 0; i < levels; i++) {
            dag = List.of(dag, dag);
        }
        Await awaiting = new Await.Effect(new Request.EffectCall("warehouse", "reserve", List.of(dag)), List.of(),
                Instant.parse("2026-01-01T00:00:00Z"));
        return new Suspension("run-1", "order", 1, null, List.of(), awaiting, List.of(), Suspension.Status.WAITING,
                null, null);
    }

    @Test
    void anInconsistentSuspensionIsRefusedWithABoundedMessage() {
        String text = CODEC.dump(waitingOnAHugeSharedArgument(16));
        assertThat(text.length()).isLessThan(5_000);
        String inconsistent = text.replace("status='WAITING'", "status='READY'");
        assertThat(inconsistent).isNotEqualTo(text);
        assertThatThrownBy(() -> CODEC.load(inconsistent)).isInstanceOfSatisfying(TextFormatException.class, e -> {
            assertThat(e.reason()).contains("a READY suspension awaits nothing");
            assertThat(e.getMessage().length()).isLessThan(1_500);
        });
        assertThat(CODEC.load(text).awaiting()).isInstanceOf(Await.Effect.class);
    }

    @Test
    void noneIsNotASuspension() {
        assertThatThrownBy(() -> CODEC.load("None")).isInstanceOfSatisfying(TextFormatException.class, e -> {
            assertThat(e.reason()).isEqualTo("expected the document to hold a Suspension, it holds None");
            assertThat(e.line()).isEqualTo(1);
        });
        assertThatThrownBy(() -> CODEC.load("\n  None")).isInstanceOfSatisfying(TextFormatException.class,
                e -> assertThat(e.line()).isEqualTo(2));
    }
}
