package io.jamesdspam.mailet.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Domain;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamUserRenaming;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

class DspamUserMoveTest {
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final DspamUser ALICE_SMITH = DspamUser.of("alice.smith@example.org");
    private static final byte[] SPAM = "From: a@b.example\nSubject: cheap pills\n\nBuy cheap pills now, best price\n"
        .getBytes(StandardCharsets.US_ASCII);

    private final InMemoryTrainingLedger ledger = new InMemoryTrainingLedger();

    private static EmbeddedDspam trainedEngine() {
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        engine.execute(DspamRequest.train(List.of(ALICE), TrainingClass.SPAM, TrainingSource.CORPUS, SPAM));
        return engine;
    }

    @Test
    void theDictionaryAndTheLedgerFollowTheNewName() {
        EmbeddedDspam engine = trainedEngine();
        DspamTotals learned = engine.totals(ALICE);
        ledger.record(ALICE, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

        DspamUserMove.Moved moved = new DspamUserMove(engine, DspamUserMapping.recipient(), ledger).move(ALICE, ALICE_SMITH);

        assertThat(engine.totals(ALICE_SMITH)).isEqualTo(learned);
        assertThat(engine.totals(ALICE)).isEqualTo(DspamTotals.EMPTY);
        assertThat(ledger.find(ALICE_SMITH, "m1")).isPresent();
        assertThat(ledger.find(ALICE, "m1")).isEmpty();
        assertThat(moved.tokens()).isPositive();
        assertThat(moved.ledgerEntries()).isEqualTo(1);
        assertThat(moved.merged()).isFalse();
    }

    @Test
    void sharedDictionariesAreRefusedAndStayWhereTheyAre() {
        EmbeddedDspam engine = trainedEngine();
        DspamTotals learned = engine.totals(ALICE);

        for (String mapping : List.of("domain", "fixed:all", "localpart")) {
            DspamUserMove move = new DspamUserMove(engine, DspamUserMapping.parse(mapping), ledger);
            assertThatThrownBy(() -> move.move(ALICE, ALICE_SMITH)).as(mapping).isInstanceOf(UserChangeRefused.class)
                .hasMessageContaining("share dictionaries")
                .satisfies(e -> assertThat(((UserChangeRefused) e).unsupported()).isFalse());
        }
        assertThat(engine.totals(ALICE)).isEqualTo(learned);
    }

    @Test
    void withoutVirtualHostingLocalPartsAreEachUsersOwn() {
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        engine.execute(DspamRequest.train(List.of(DspamUser.of("alice")), TrainingClass.SPAM, TrainingSource.CORPUS, SPAM));
        DspamUserMapping localparts = DspamUserMapping.parse("localpart").within(() -> Optional.of(Domain.of("example.org")));

        new DspamUserMove(engine, localparts, ledger).move(DspamUser.of("alice"), DspamUser.of("alice.smith"));

        assertThat(engine.totals(DspamUser.of("alice.smith")).spamCorpusfed()).isEqualTo(1);
    }

    @Test
    void aBackendThatCannotMoveUsersIsSaidToBeUnsupported() {
        RecordingDspamBackend dspamd = new RecordingDspamBackend();

        assertThatThrownBy(() -> new DspamUserMove(dspamd, DspamUserMapping.recipient(), ledger).move(ALICE, ALICE_SMITH))
            .isInstanceOf(UserChangeRefused.class).hasMessageContaining("dspam_virtual_uids")
            .satisfies(e -> assertThat(((UserChangeRefused) e).unsupported()).isTrue());
        assertThat(dspamd.requests()).isEmpty();
    }

    @Test
    void withADspamdTheLedgerMovesAloneAndNothingIsAskedOfDspamd() {
        RecordingDspamBackend dspamd = new RecordingDspamBackend();
        ledger.record(ALICE, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));
        ledger.record(ALICE_SMITH, "m2", TrainingRecord.byMessage(TrainingClass.INNOCENT, Instant.now()));
        ledger.correctionUndone(ALICE, TrainingClass.SPAM);
        Instant lastRun = Instant.parse("2026-12-01T03:00:00Z");
        ledger.periodicRunCompleted(ALICE, lastRun);

        DspamUserMove.Moved moved = new DspamUserMove(dspamd, DspamUserMapping.recipient(), ledger).moveLedger(ALICE, ALICE_SMITH);

        assertThat(moved.ledgerEntries()).isEqualTo(1);
        assertThat(moved.found()).isTrue();
        assertThat(moved.tokens()).isZero();
        assertThat(ledger.find(ALICE_SMITH, "m1")).isPresent();
        assertThat(ledger.find(ALICE_SMITH, "m2")).isPresent();
        assertThat(ledger.find(ALICE, "m1")).isEmpty();
        assertThat(ledger.undoneCorrections(ALICE_SMITH).spam()).isEqualTo(1);
        assertThat(ledger.undoneCorrections(ALICE).spam()).isZero();
        assertThat(ledger.lastPeriodicRun(ALICE_SMITH)).contains(lastRun);
        assertThat(ledger.lastPeriodicRun(ALICE)).isEmpty();
        assertThat(dspamd.requests()).isEmpty();
    }

    @Test
    void anEngineThatMovesUsersKeepsItsLedgerWithItsDictionary() {
        EmbeddedDspam engine = trainedEngine();
        ledger.record(ALICE, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

        assertThatThrownBy(() -> new DspamUserMove(engine, DspamUserMapping.recipient(), ledger).moveLedger(ALICE, ALICE_SMITH))
            .isInstanceOf(UserChangeRefused.class).hasMessageContaining("leave out ledgerOnly")
            .satisfies(e -> assertThat(((UserChangeRefused) e).unsupported()).isFalse());
        assertThat(ledger.find(ALICE, "m1")).isPresent();
        assertThat(ledger.find(ALICE_SMITH, "m1")).isEmpty();
    }

    @Test
    void aLedgerMoveIsRefusedForSharedDictionaries() {
        ledger.record(ALICE, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));
        DspamUserMove move = new DspamUserMove(new RecordingDspamBackend(), DspamUserMapping.parse("domain"), ledger);

        assertThatThrownBy(() -> move.moveLedger(ALICE, ALICE_SMITH)).isInstanceOf(UserChangeRefused.class)
            .hasMessageContaining("share dictionaries");
        assertThat(ledger.find(ALICE, "m1")).isPresent();
    }

    @Test
    void oneUserUnderTwoNamesIsRefused() {
        assertThatThrownBy(() -> new DspamUserMove(trainedEngine(), DspamUserMapping.recipient(), ledger).move(ALICE, ALICE))
            .isInstanceOf(UserChangeRefused.class);
    }

    @Test
    void aStoreFailureLeavesTheLedgerAsItWas() {
        ledger.record(ALICE, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

        assertThatThrownBy(() -> new DspamUserMove(new RenamingBackendThatFails(), DspamUserMapping.recipient(), ledger)
            .move(ALICE, ALICE_SMITH)).isInstanceOf(DspamException.class).hasMessageContaining("disk full");
        assertThat(ledger.find(ALICE, "m1")).isPresent();
        assertThat(ledger.find(ALICE_SMITH, "m1")).isEmpty();
    }

    private static final class RenamingBackendThatFails extends RecordingDspamBackend implements DspamUserRenaming {
        @Override
        public MoveReport moveUser(DspamUser from, DspamUser to) {
            throw new DspamException(DspamException.Kind.STORAGE, "disk full");
        }
    }
}
