package io.jamesdspam.mailet.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

/**
 * What every training ledger keeps, run against each implementation: {@link #ledger()} is the one
 * written to, {@link #reopened()} a new instance over the same storage (the file read again, or a
 * second James node on the same database).
 */
abstract class TrainingLedgerContract {
    static final DspamUser BOB = DspamUser.of("bob@example.org");
    static final DspamUser ALICE = DspamUser.of("alice@example.org");
    static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");

    protected abstract TrainingLedger ledger() throws Exception;

    protected abstract TrainingLedger reopened() throws Exception;

    @Test
    void recordsSurviveAReopen() throws Exception {
        TrainingLedger ledger = ledger();
        ledger.record(BOB, "id 1/x", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        ledger.record(BOB, "2", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW));
        ledger.record(ALICE, "2", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        ledger.forget(BOB, "2");
        ledger.periodicRunCompleted(ALICE, NOW);

        TrainingLedger reopened = reopened();

        assertThat(reopened.find(BOB, "id 1/x"))
            .contains(TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        assertThat(reopened.find(BOB, "2")).isEmpty();
        assertThat(reopened.find(ALICE, "2")).contains(TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        assertThat(reopened.lastPeriodicRun(ALICE)).contains(NOW);
        assertThat(reopened.lastPeriodicRun(BOB)).isEmpty();
    }

    @Test
    void recordReplacesAnEntryAndTheLatestPeriodicRunWins() throws Exception {
        TrainingLedger ledger = ledger();
        ledger.record(BOB, "1", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        ledger.record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW.plusSeconds(1)));
        ledger.periodicRunCompleted(BOB, NOW);
        ledger.periodicRunCompleted(BOB, NOW.plusSeconds(60));

        assertThat(reopened().find(BOB, "1")).contains(TrainingRecord.byMessage(TrainingClass.SPAM, NOW.plusSeconds(1)));
        assertThat(reopened().lastPeriodicRun(BOB)).contains(NOW.plusSeconds(60));
    }

    @Test
    void recordIfAbsentClaimsAMessageOnceAndForgetReleasesIt() throws Exception {
        TrainingLedger ledger = ledger();
        TrainingRecord first = TrainingRecord.byMessage(TrainingClass.SPAM, NOW);

        assertThat(ledger.recordIfAbsent(BOB, "1", first)).isTrue();
        assertThat(reopened().recordIfAbsent(BOB, "1", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW))).isFalse();
        assertThat(ledger.recordIfAbsent(ALICE, "1", first)).isTrue();
        assertThat(reopened().find(BOB, "1")).contains(first);
        assertThat(ledger.forget(BOB, "1")).isTrue();
        assertThat(ledger.forget(BOB, "1")).isFalse();
        assertThat(ledger.recordIfAbsent(BOB, "1", first)).isTrue();
    }

    @Test
    void messageKeysAndUserNamesAreExact() throws Exception {
        TrainingLedger ledger = ledger();
        ledger.record(BOB, "Ab-1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));

        assertThat(reopened().find(BOB, "ab-1")).isEmpty();
        assertThat(reopened().find(DspamUser.of("BOB@example.org"), "Ab-1")).isEmpty();
        assertThat(reopened().find(BOB, "Ab-1")).isPresent();
    }

    @Test
    void undoneCorrectionsAddUpAndSurviveReopeningAndPruning() throws Exception {
        TrainingLedger ledger = ledger();
        ledger.correctionUndone(BOB, TrainingClass.SPAM);
        ledger.correctionUndone(BOB, TrainingClass.SPAM);
        ledger.correctionUndone(BOB, TrainingClass.INNOCENT);
        ledger.record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW.minusSeconds(3600)));

        assertThat(reopened().undoneCorrections(BOB)).isEqualTo(new UndoneCorrections(2, 1));
        reopened().pruneTrainedBefore(NOW);
        assertThat(reopened().undoneCorrections(BOB)).isEqualTo(new UndoneCorrections(2, 1));
        assertThat(reopened().undoneCorrections(ALICE)).isEqualTo(UndoneCorrections.NONE);
    }

    @Test
    void pruningForgetsOlderEntriesOnly() throws Exception {
        TrainingLedger ledger = ledger();
        ledger.record(BOB, "old", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW.minusSeconds(60)));
        ledger.record(BOB, "recent", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW));
        ledger.periodicRunCompleted(ALICE, NOW.minusSeconds(3600));

        assertThat(ledger.pruneTrainedBefore(NOW)).isEqualTo(1);
        ledger.record(ALICE, "later", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));

        TrainingLedger reopened = reopened();
        assertThat(reopened.find(BOB, "old")).isEmpty();
        assertThat(reopened.find(BOB, "recent")).isPresent();
        assertThat(reopened.find(ALICE, "later")).isPresent();
        assertThat(reopened.lastPeriodicRun(ALICE)).contains(NOW.minusSeconds(3600));
    }
}
