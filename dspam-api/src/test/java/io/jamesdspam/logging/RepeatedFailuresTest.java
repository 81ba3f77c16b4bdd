package io.jamesdspam.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.jamesdspam.logging.RepeatedFailures.Decision;

class RepeatedFailuresTest {
    /** A clock the test moves by hand: no sleeping, no timing. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
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

    private final HandClock clock = new HandClock();
    private final RepeatedFailures failures = new RepeatedFailures(clock, Duration.ofMinutes(1));

    @Test
    void theFirstFailureIsLoggedInFullAndTheNextOnesOfTheIntervalOnlyCounted() {
        assertThat(failures.record("disk full").kind()).isEqualTo(Decision.Kind.FULL);
        for (int i = 0; i < 99; i++) {
            clock.advance(Duration.ofMillis(500));
            assertThat(failures.record("disk full").kind()).isEqualTo(Decision.Kind.COUNTED);
        }
    }

    @Test
    void theFirstFailureAfterTheIntervalSummarisesThoseNotLogged() {
        failures.record("disk full");
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(5));
            failures.record("disk full");
        }
        clock.advance(Duration.ofSeconds(15));

        Decision summary = failures.record("disk full");

        assertThat(summary.kind()).isEqualTo(Decision.Kind.SUMMARY);
        assertThat(summary.failures()).isEqualTo(11);
        assertThat(summary.since()).isEqualTo(Duration.ofSeconds(65));
        clock.advance(Duration.ofSeconds(1));
        assertThat(failures.record("disk full").kind()).isEqualTo(Decision.Kind.COUNTED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(failures.record("disk full").failures()).isEqualTo(2);
    }

    @Test
    void aKindQuietForAWholeIntervalGetsItsStackTraceAgain() {
        failures.record("disk full");
        clock.advance(Duration.ofMinutes(3));

        assertThat(failures.record("disk full").kind()).isEqualTo(Decision.Kind.FULL);
    }

    @Test
    void eachKindIsCountedOnItsOwn() {
        assertThat(failures.record("disk full").kind()).isEqualTo(Decision.Kind.FULL);
        assertThat(failures.record("timeout").kind()).isEqualTo(Decision.Kind.FULL);
        assertThat(failures.record("disk full").kind()).isEqualTo(Decision.Kind.COUNTED);
        assertThat(failures.record("timeout").kind()).isEqualTo(Decision.Kind.COUNTED);
    }

    @Test
    void theIntervalMustBePositive() {
        assertThatThrownBy(() -> new RepeatedFailures(clock, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
