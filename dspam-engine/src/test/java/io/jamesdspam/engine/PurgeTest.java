package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.engine.purge.StaleTokenRule;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;

class PurgeTest {
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final LocalDate DAY = LocalDate.of(2026, 1, 1);

    /** A clock the test moves forward. */
    private static final class MovableClock extends Clock {
        private Instant now = DAY.atStartOfDay(ZoneOffset.UTC).toInstant();

        void advanceDays(int days) {
            now = now.plus(Duration.ofDays(days));
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

    @Test
    void signaturesOlderThanTheLimitAndStaleHapaxesArePurged() {
        MovableClock clock = new MovableClock();
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT)
            .build(), store, clock);
        DspamResult old = engine.execute(DspamRequest.process(List.of(BOB), Messages.ham(1))).resultFor(BOB).orElseThrow();
        clock.advanceDays(20);
        DspamResult recent = engine.execute(DspamRequest.process(List.of(BOB), Messages.ham(2))).resultFor(BOB).orElseThrow();
        long tokensBefore = store.tokenCount(BOB);

        DspamMaintenance.PurgeReport report = engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE);

        assertThat(report.signaturesPurged()).isEqualTo(1);
        assertThat(store.hasSignature(BOB, old.signature().orElseThrow().asString())).isFalse();
        assertThat(store.hasSignature(BOB, recent.signature().orElseThrow().asString())).isTrue();
        assertThat(report.tokensPurged()).as("one-hit tokens last hit 20 days ago").isPositive();
        assertThat(store.tokenCount(BOB)).isEqualTo(tokensBefore - report.tokensPurged());
    }

    /**
     * A TEFT installation with a TOE user (its own preference) and, later, TOE as the stored
     * defaults: tokens unused for more than 90 days go for TEFT users only, as in DSPAM's
     * {@code purge-4.1.sql}, which reads each user's training mode.
     */
    @Test
    void eachUsersTrainingModeDecidesWhetherItsUnusedTokensArePurged() {
        DspamUser carol = DspamUser.of("carol");
        MovableClock clock = new MovableClock();
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT)
            .build(), store, clock);
        store.storePreference(carol, "trainingMode", "TOE");
        for (DspamUser user : List.of(BOB, carol)) {
            // Five times: no token is a hapax or a one-hit token, only the 90-day rule can take them
            for (int i = 0; i < 5; i++) {
                engine.execute(DspamRequest.train(List.of(user), TrainingClass.INNOCENT, TrainingSource.CORPUS, Messages.ham(1)));
            }
        }
        long carolsTokens = store.tokenCount(carol);
        long bobsTokens = store.tokenCount(BOB);
        clock.advanceDays(91);

        DspamMaintenance.PurgeReport report = engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE);

        assertThat(report.tokensPurged()).isEqualTo(bobsTokens);
        assertThat(store.tokenCount(BOB)).isZero();
        assertThat(store.tokenCount(carol)).isEqualTo(carolsTokens).isPositive();

        // TOE for every user without a preference of its own
        for (int i = 0; i < 5; i++) {
            engine.execute(DspamRequest.train(List.of(BOB), TrainingClass.INNOCENT, TrainingSource.CORPUS, Messages.ham(1)));
        }
        store.storeDefaultPreference("trainingMode", "TOE");
        clock.advanceDays(91);

        assertThat(engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE).tokensPurged()).isZero();
        assertThat(store.tokenCount(BOB)).isEqualTo(bobsTokens);
    }

    @Test
    void staleTokenRulesFollowTheShippedPurgeScript() {
        LocalDate today = DAY.plusDays(100);
        StaleTokenRule teft = new StaleTokenRule(today, TrainingMode.TEFT);
        StaleTokenRule toe = new StaleTokenRule(today, TrainingMode.TOE);
        StaleTokenRule tum = new StaleTokenRule(today, TrainingMode.TUM);
        assertThat(teft.matches(1, new TokenStatistics(1, 0, today.minusDays(16)))).isTrue();
        assertThat(teft.matches(1, new TokenStatistics(1, 0, today.minusDays(15)))).isFalse();
        assertThat(teft.matches(1, new TokenStatistics(2, 1, today.minusDays(31)))).isTrue();
        assertThat(teft.matches(1, new TokenStatistics(3, 1, today.minusDays(31)))).isFalse();
        assertThat(teft.matches(1, new TokenStatistics(30, 30, today.minusDays(91)))).isTrue();
        assertThat(toe.matches(1, new TokenStatistics(30, 30, today.minusDays(91)))).isFalse();
        assertThat(tum.matches(1, new TokenStatistics(30, 30, today.minusDays(91)))).isFalse();
        assertThat(tum.matches(1, new TokenStatistics(20, 20, today.minusDays(91)))).isTrue();
    }
}
