package io.jamesdspam.mailet.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    @Test
    void forEachVisitsEveryEntryRunAndUndoneCorrectionOnce() throws Exception {
        TrainingLedger ledger = ledger();
        ledger.record(BOB, "1", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        ledger.record(ALICE, "1", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW.plusSeconds(5)));
        ledger.periodicRunCompleted(ALICE, NOW);
        ledger.correctionUndone(BOB, TrainingClass.SPAM);
        ledger.correctionUndone(BOB, TrainingClass.SPAM);
        ledger.correctionUndone(BOB, TrainingClass.INNOCENT);
        List<String> visited = new ArrayList<>();

        reopened().forEach(new TrainingLedger.Visitor() {
            @Override
            public void trained(DspamUser user, String messageKey, TrainingRecord record) {
                visited.add(user.asString() + " " + messageKey + " " + record.trainedClass() + " "
                    + record.signature().map(Signature::asString).orElse("-") + " " + record.trainedAt());
            }

            @Override
            public void periodicRun(DspamUser user, Instant startedAt) {
                visited.add(user.asString() + " run " + startedAt);
            }

            @Override
            public void undone(DspamUser user, UndoneCorrections corrections) {
                visited.add(user.asString() + " undone " + corrections.spam() + "/" + corrections.innocent());
            }
        });

        assertThat(visited).containsExactlyInAnyOrder(
            "bob@example.org 1 SPAM abc123 " + NOW,
            "alice@example.org 1 INNOCENT - " + NOW.plusSeconds(5),
            "alice@example.org run " + NOW,
            "bob@example.org undone 2/1");
    }

    /** A node's ledger copied in (see {@link LedgerCopy}): merged, so that a second copy writes nothing. */
    @Test
    void aCopyIntoThisLedgerMergesAndASecondCopyWritesNothing() throws Exception {
        InMemoryTrainingLedger node = new InMemoryTrainingLedger();
        node.record(BOB, "1", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        node.record(BOB, "2", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        node.record(ALICE, "3", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW));
        node.periodicRunCompleted(BOB, NOW.plusSeconds(60));
        node.periodicRunCompleted(ALICE, NOW);
        node.correctionUndone(BOB, TrainingClass.INNOCENT);
        node.correctionUndone(BOB, TrainingClass.INNOCENT);
        TrainingLedger ledger = ledger();
        // What the shared ledger knew already: its own entry of a message wins, its later run too
        ledger.record(BOB, "2", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW.plusSeconds(9)));
        ledger.periodicRunCompleted(ALICE, NOW.plusSeconds(120));
        ledger.correctionUndone(BOB, TrainingClass.INNOCENT);

        LedgerCopy.Copied copied = LedgerCopy.copy(node, ledger, user -> true);

        assertThat(copied.entries()).isEqualTo(2);
        assertThat(copied.periodicRuns()).isEqualTo(1);
        assertThat(copied.undone()).isEqualTo(1);
        TrainingLedger reopened = reopened();
        assertThat(reopened.find(BOB, "1")).contains(TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        assertThat(reopened.find(BOB, "2")).contains(TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW.plusSeconds(9)));
        assertThat(reopened.find(ALICE, "3")).contains(TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW));
        assertThat(reopened.lastPeriodicRun(BOB)).contains(NOW.plusSeconds(60));
        assertThat(reopened.lastPeriodicRun(ALICE)).contains(NOW.plusSeconds(120));
        assertThat(reopened.undoneCorrections(BOB)).isEqualTo(new UndoneCorrections(0, 2));

        LedgerCopy.Copied again = LedgerCopy.copy(node, reopened(), user -> true);

        assertThat(List.of(again.entries(), again.periodicRuns(), again.undone())).containsOnly(0L);
        assertThat(reopened().undoneCorrections(BOB)).isEqualTo(new UndoneCorrections(0, 2));
    }

    @Test
    void aCopyTakesOnlyTheUsersItIsGiven() throws Exception {
        InMemoryTrainingLedger node = new InMemoryTrainingLedger();
        node.record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        node.record(ALICE, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        node.periodicRunCompleted(ALICE, NOW);
        node.correctionUndone(ALICE, TrainingClass.SPAM);

        LedgerCopy.copy(node, ledger(), BOB::equals);

        TrainingLedger reopened = reopened();
        assertThat(reopened.find(BOB, "1")).isPresent();
        assertThat(reopened.find(ALICE, "1")).isEmpty();
        assertThat(reopened.lastPeriodicRun(ALICE)).isEmpty();
        assertThat(reopened.undoneCorrections(ALICE)).isEqualTo(UndoneCorrections.NONE);
    }

    /** James renamed alice: her entries, run and undone corrections follow her DSPAM user ({@link LedgerCopy#moveUser}). */
    @Test
    void movingAUserCarriesItsEntriesToTheNewNameAndLeavesTheOthers() throws Exception {
        DspamUser renamed = DspamUser.of("alice.smith@example.org");
        TrainingLedger ledger = ledger();
        ledger.record(ALICE, "1", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        ledger.record(ALICE, "2", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        ledger.record(BOB, "1", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW));
        ledger.periodicRunCompleted(BOB, NOW);
        ledger.correctionUndone(BOB, TrainingClass.INNOCENT);
        ledger.periodicRunCompleted(ALICE, NOW.plusSeconds(60));
        ledger.correctionUndone(ALICE, TrainingClass.SPAM);
        // Mail reached the new name before the rename: its own entry of a message wins
        ledger.record(renamed, "2", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW.plusSeconds(9)));
        ledger.periodicRunCompleted(renamed, NOW);
        ledger.correctionUndone(renamed, TrainingClass.SPAM);

        LedgerCopy.Copied moved = LedgerCopy.moveUser(ledger, ALICE, renamed);

        // Both of alice's messages are the new name's now, "2" by the entry it had already
        assertThat(moved.entries()).isEqualTo(2);
        TrainingLedger reopened = reopened();
        assertThat(reopened.find(renamed, "1")).contains(TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("abc123"), NOW));
        assertThat(reopened.find(renamed, "2")).contains(TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW.plusSeconds(9)));
        assertThat(reopened.find(ALICE, "1")).isEmpty();
        assertThat(reopened.find(ALICE, "2")).isEmpty();
        assertThat(reopened.find(BOB, "1")).isPresent();
        assertThat(reopened.lastPeriodicRun(renamed)).contains(NOW.plusSeconds(60));
        assertThat(reopened.undoneCorrections(renamed)).isEqualTo(new UndoneCorrections(2, 0));
        // Nothing stays under the old name: a user given it later starts afresh
        assertThat(reopened.lastPeriodicRun(ALICE)).isEmpty();
        assertThat(reopened.undoneCorrections(ALICE)).isEqualTo(UndoneCorrections.NONE);
        assertThat(reopened.lastPeriodicRun(BOB)).contains(NOW);
        assertThat(reopened.undoneCorrections(BOB)).isEqualTo(new UndoneCorrections(0, 1));
    }

    @Test
    void aUserForgottenWholeKeepsWhatItGetsAfterwardsAndTheOthersKeepTheirs() throws Exception {
        TrainingLedger ledger = ledger();
        ledger.record(ALICE, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        ledger.periodicRunCompleted(ALICE, NOW);
        ledger.correctionUndone(ALICE, TrainingClass.SPAM);
        ledger.record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));

        ledger.forgetUser(ALICE);
        ledger.record(ALICE, "2", TrainingRecord.byMessage(TrainingClass.INNOCENT, NOW));

        TrainingLedger reopened = reopened();
        assertThat(reopened.find(ALICE, "1")).isEmpty();
        assertThat(reopened.find(ALICE, "2")).isPresent();
        assertThat(reopened.lastPeriodicRun(ALICE)).isEmpty();
        assertThat(reopened.undoneCorrections(ALICE)).isEqualTo(UndoneCorrections.NONE);
        assertThat(reopened.find(BOB, "1")).isPresent();
    }

    @Test
    void forEachOfVisitsOneUsersEntriesRunAndUndoneCorrections() throws Exception {
        TrainingLedger ledger = ledger();
        ledger.record(ALICE, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        ledger.periodicRunCompleted(ALICE, NOW);
        ledger.correctionUndone(ALICE, TrainingClass.INNOCENT);
        ledger.record(BOB, "1", TrainingRecord.byMessage(TrainingClass.SPAM, NOW));
        ledger.periodicRunCompleted(BOB, NOW);
        ledger.correctionUndone(BOB, TrainingClass.SPAM);
        List<String> visited = new ArrayList<>();

        reopened().forEachOf(ALICE, new TrainingLedger.Visitor() {
            @Override
            public void trained(DspamUser user, String messageKey, TrainingRecord record) {
                visited.add("trained " + user.asString() + " " + messageKey);
            }

            @Override
            public void periodicRun(DspamUser user, Instant startedAt) {
                visited.add("run " + user.asString());
            }

            @Override
            public void undone(DspamUser user, UndoneCorrections corrections) {
                visited.add("undone " + user.asString() + " " + corrections.innocent());
            }
        });

        assertThat(visited).containsExactlyInAnyOrder("trained alice@example.org 1", "run alice@example.org",
            "undone alice@example.org 1");
    }
}
