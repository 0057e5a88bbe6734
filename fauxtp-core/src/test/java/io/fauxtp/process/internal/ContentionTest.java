package io.fauxtp.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When spinners count the cores as contended, driven with made-up clock readings (no timing). */
class ContentionTest {

    private static final long MS = 1_000_000;
    private static final long BACK_OFF = 50 * MS;
    /** A gap a descheduled spinner sees between two looks at its clock. */
    private static final long GAP = Contention.DESCHEDULED_NANOS;

    /** The garbage collections the JVM has run, as the contention sees them. */
    private long collections;
    private final Contention contention = new Contention(BACK_OFF, () -> collections);

    /** The first gap ever seen only reads the count of collections, which it has nothing to compare with. */
    @BeforeEach
    void firstGap() {
        looked(MS / 2, GAP);
    }

    /** A spinner whose look at {@code at} came {@code gap} after its previous one. */
    private void looked(long at, long gap) {
        contention.looked(at - gap, at);
    }

    @Test
    void looksAboutAMicrosecondApartAreNotContention() {
        for (long at = MS; at < 20 * MS; at += MS / 4) {
            looked(at, 1_000);
            looked(at, GAP - 1);
        }
        assertThat(contention.contended(20 * MS)).isFalse();
    }

    @Test
    void twoDescheduledSpinsWithinTheWindowMakeTheCoresContendedForTheBackOff() {
        looked(10 * MS, GAP);
        assertThat(contention.contended(10 * MS)).as("one event").isFalse();
        looked(14 * MS, 3 * MS);
        assertThat(contention.contended(14 * MS)).isTrue();
        assertThat(contention.contended(14 * MS + BACK_OFF - 1)).isTrue();
        assertThat(contention.contended(14 * MS + BACK_OFF)).isFalse();
        assertThat(contention.contended()).as("cleared: no clock needed any more").isFalse();
    }

    @Test
    void oneGarbageCollectionSeenByEverySpinnerAtOnceIsOneEvent() {
        // every spinner of a 16-core machine comes back from the same pause within a fraction of a millisecond
        for (int spinner = 0; spinner < 16; spinner++) {
            looked(10 * MS + spinner * 10_000, 2 * MS);
        }
        assertThat(contention.contended(11 * MS)).isFalse();
        looked(25 * MS, 2 * MS); // another pause, later: two events
        assertThat(contention.contended(25 * MS)).isTrue();
    }

    @Test
    void aGapDuringWhichACollectionEndedDoesNotCount() {
        looked(10 * MS, GAP);
        collections++;
        looked(14 * MS, 2 * MS); // a collection stopped this spinner
        looked(14 * MS + 10_000, 2 * MS); // and this one, the same pause
        assertThat(contention.contended(14 * MS)).as("one gap the OS made").isFalse();
        looked(18 * MS, GAP);
        assertThat(contention.contended(18 * MS)).isTrue();
    }

    @Test
    void eventsFurtherApartThanTheWindowDoNotAddUp() {
        long window = Contention.WINDOW_NANOS;
        for (long at = 10 * MS; at < 10 * MS + 10 * window; at += window + MS) {
            looked(at, GAP);
            assertThat(contention.contended(at)).as("at %d ms", at / MS).isFalse();
        }
    }

    @Test
    void aLaterEventKeepsTheCoresContended() {
        looked(10 * MS, GAP);
        looked(12 * MS, GAP);
        looked(16 * MS, GAP);
        assertThat(contention.contended(16 * MS + BACK_OFF - 1)).isTrue();
        assertThat(contention.contended(16 * MS + BACK_OFF)).isFalse();
    }

    @Test
    void noBackOffMeansNeverContended() {
        Contention off = new Contention(0);
        for (long at = MS; at < 10 * MS; at += 2 * MS) {
            off.looked(at - GAP, at);
        }
        assertThat(off.contended(10 * MS)).isFalse();
    }
}
