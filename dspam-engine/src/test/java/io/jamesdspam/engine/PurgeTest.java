package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.purge.PurgeLimits;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
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
    void aPurgeTellsWhatItPurgedSoFarAfterEachUser() {
        MovableClock clock = new MovableClock();
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, clock);
        for (DspamUser user : List.of(BOB, DspamUser.of("carol"), DspamUser.of("dave"))) {
            engine.execute(DspamRequest.process(List.of(user), Messages.ham(1)));
        }
        clock.advanceDays(20);
        List<DspamMaintenance.PurgeReport> reports = new ArrayList<>();

        DspamMaintenance.PurgeReport done = engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE, TokenPurgeLimits.CONFIGURED, Optional.empty(), reports::add);

        assertThat(reports).extracting(DspamMaintenance.PurgeReport::usersPurged).containsExactly(1L, 2L, 3L);
        assertThat(reports).extracting(DspamMaintenance.PurgeReport::signaturesPurged).containsExactly(1L, 2L, 3L);
        assertThat(done.usersPurged()).isEqualTo(3);
        assertThat(done.tokensPurged()).isEqualTo(reports.get(2).tokensPurged()).isPositive();
    }

    @Test
    void aPurgeOfOneUserLeavesTheOthersAlone() {
        MovableClock clock = new MovableClock();
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, clock);
        DspamUser carol = DspamUser.of("carol");
        DspamResult bobs = engine.execute(DspamRequest.process(List.of(BOB), Messages.ham(1))).resultFor(BOB).orElseThrow();
        DspamResult carols = engine.execute(DspamRequest.process(List.of(carol), Messages.ham(1))).resultFor(carol)
            .orElseThrow();
        clock.advanceDays(20);

        DspamMaintenance.PurgeReport done = engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE, TokenPurgeLimits.CONFIGURED, Optional.of(carol), r -> { });

        assertThat(done.usersPurged()).isEqualTo(1);
        assertThat(store.hasSignature(carol, carols.signature().orElseThrow().asString())).isFalse();
        assertThat(store.hasSignature(BOB, bobs.signature().orElseThrow().asString())).isTrue();
        assertThat(engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE, TokenPurgeLimits.CONFIGURED, Optional.of(DspamUser.of("nobody")), r -> { })
            .usersPurged()).as("a user the store does not hold: nothing, and nothing created").isZero();
        assertThat(store.users()).containsExactlyInAnyOrder(BOB, carol);
    }

    @Test
    void aNegativeSignatureAgeIsRefusedAndNothingIsPurged() {
        MovableClock clock = new MovableClock();
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, clock);
        DspamResult result = engine.execute(DspamRequest.process(List.of(BOB), Messages.ham(1))).resultFor(BOB).orElseThrow();

        assertThatThrownBy(() -> engine.purge(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.hasSignature(BOB, result.signature().orElseThrow().asString())).isTrue();
    }

    @Test
    void signaturesStayWhenDspamConfTurnsTheirPurgeOff() {
        MovableClock clock = new MovableClock();
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse("PurgeSignatures off\n")), store,
            clock);
        DspamResult old = engine.execute(DspamRequest.process(List.of(BOB), Messages.ham(1))).resultFor(BOB).orElseThrow();
        clock.advanceDays(400);

        assertThat(engine.purge(engine.settings().purgeLimits()).signaturesPurged()).isZero();
        assertThat(store.hasSignature(BOB, old.signature().orElseThrow().asString())).isTrue();
        assertThat(engine.purge(Duration.ofDays(14)).signaturesPurged()).as("an age given overrides it").isEqualTo(1);
        assertThat(EmbeddedDspam.create(EngineSettings.from(DspamConf.parse("PurgeSignatures 30\n")), store, clock)
            .configuredSignatureAge()).as("what POST /dspam/purge uses when given no age").isEqualTo(Duration.ofDays(30));
    }

    /**
     * dspam.conf's {@code Purge*} keys reach the purge James runs ({@code POST /dspam/purge} names the
     * signature age only): one-hit tokens after {@code PurgeHits1S} days, and a TOE user's old neutral
     * tokens after {@code PurgeNeutral} days, where the unused-token rules spare them.
     */
    @Test
    void dspamConfsLimitsDecideWhichTokensGo() {
        MovableClock clock = new MovableClock();
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse(
            "TrainingMode toe\nPurgeHits1S 3\nPurgeNeutral 10\n")), store, clock);
        store.apply(BOB, new MessageUpdate(DspamTotals.EMPTY, new DspamTotals(100, 100, 0, 0, 0, 0, 0, 0),
            List.of(new TokenUpdate(1L, false, 0, 0, 1, 0), new TokenUpdate(2L, false, 0, 0, 20, 20),
                new TokenUpdate(3L, false, 0, 0, 40, 2)), Optional.empty(), DAY));
        clock.advanceDays(4);

        assertThat(engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE).tokensPurged()).as("the one-hit token").isEqualTo(1);
        clock.advanceDays(7);

        assertThat(engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE).tokensPurged()).as("the neutral token").isEqualTo(1);
        List<Long> left = new ArrayList<>();
        store.forEachToken(BOB, (id, statistics) -> left.add(id));
        assertThat(left).containsExactly(3L);
    }

    /**
     * Limits a purge is given ({@code POST /dspam/purge?neutralAge=…&unusedAges=…}, as
     * {@code dspam_clean -p -u}) replace dspam.conf's for that purge only.
     */
    @Test
    void limitsGivenToOnePurgeReplaceDspamConfsForThatPurge() {
        MovableClock clock = new MovableClock();
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse("TrainingMode toe\n")), store, clock);
        store.apply(BOB, new MessageUpdate(DspamTotals.EMPTY, new DspamTotals(100, 100, 0, 0, 0, 0, 0, 0),
            List.of(new TokenUpdate(1L, false, 0, 0, 1, 0), new TokenUpdate(2L, false, 0, 0, 20, 20),
                new TokenUpdate(3L, false, 0, 0, 40, 2)), Optional.empty(), DAY));
        clock.advanceDays(5);

        assertThat(engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE).tokensPurged()).as("dspam.conf's 15 and 90 days")
            .isZero();
        TokenPurgeLimits given = new TokenPurgeLimits(OptionalInt.of(4), Optional.of(new TokenPurgeLimits.Unused(90, 30, 4, 15)));
        assertThat(engine.purge(DspamMaintenance.DEFAULT_SIGNATURE_AGE, given, Optional.empty(), report -> { }).tokensPurged())
            .as("the one-hit token and the neutral one").isEqualTo(2);
        List<Long> left = new ArrayList<>();
        store.forEachToken(BOB, (id, statistics) -> left.add(id));
        assertThat(left).containsExactly(3L);
        assertThat(engine.settings().purgeLimits()).as("dspam.conf's limits stay").isEqualTo(PurgeLimits.shipped());
        assertThat(engine.limitsOf(Duration.ofDays(7), given)).contains("signatures 7, neutral 4, unused 90,30,4,15");
        assertThat(engine.limitsOf(Duration.ofDays(14), TokenPurgeLimits.CONFIGURED))
            .contains("signatures 14, neutral 90, unused 90,30,15,15");
    }
}
