package io.jamesdspam.mailet.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamUserDeletion;
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

class DspamUserErasureTest {
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final DspamUser BOB = DspamUser.of("bob@example.org");
    private static final byte[] SPAM = "From: a@b.example\nSubject: cheap pills\n\nBuy cheap pills now, best price\n"
        .getBytes(StandardCharsets.US_ASCII);

    private final InMemoryTrainingLedger ledger = new InMemoryTrainingLedger();

    private static EmbeddedDspam trainedEngine() {
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        for (DspamUser user : List.of(ALICE, BOB)) {
            engine.execute(DspamRequest.train(List.of(user), TrainingClass.SPAM, TrainingSource.CORPUS, SPAM));
        }
        return engine;
    }

    @Test
    void theDictionaryAndTheLedgerOfTheUserGoAndTheOthersStay() {
        EmbeddedDspam engine = trainedEngine();
        DspamTotals bobs = engine.totals(BOB);
        ledger.record(ALICE, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));
        ledger.record(ALICE, "m2", TrainingRecord.byMessage(TrainingClass.INNOCENT, Instant.now()));
        ledger.correctionUndone(ALICE, TrainingClass.SPAM);
        ledger.record(BOB, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

        DspamUserErasure.Erased erased = new DspamUserErasure(engine, DspamUserMapping.recipient(), ledger).erase(ALICE);

        assertThat(erased.found()).isTrue();
        assertThat(erased.tokens()).isPositive();
        assertThat(erased.ledgerEntries()).isEqualTo(2);
        assertThat(engine.totals(ALICE)).isEqualTo(DspamTotals.EMPTY);
        assertThat(ledger.find(ALICE, "m1")).isEmpty();
        assertThat(ledger.undoneCorrections(ALICE).spam()).isZero();
        assertThat(engine.totals(BOB)).isEqualTo(bobs);
        assertThat(ledger.find(BOB, "m1")).isPresent();
    }

    @Test
    void aUserNothingIsHeldForIsNotFound() {
        DspamUserErasure.Erased erased = new DspamUserErasure(trainedEngine(), DspamUserMapping.recipient(), ledger)
            .erase(DspamUser.of("carol@example.org"));

        assertThat(erased.found()).isFalse();
    }

    @Test
    void sharedDictionariesAreRefusedAndStay() {
        EmbeddedDspam engine = trainedEngine();
        DspamTotals alices = engine.totals(ALICE);

        for (String mapping : List.of("domain", "fixed:all")) {
            DspamUserErasure erasure = new DspamUserErasure(engine, DspamUserMapping.parse(mapping), ledger);
            assertThatThrownBy(() -> erasure.erase(ALICE)).as(mapping).isInstanceOf(UserChangeRefused.class)
                .hasMessageContaining("share dictionaries");
        }
        assertThat(engine.totals(ALICE)).isEqualTo(alices);
    }

    @Test
    void withADspamdTheLedgerGoesAloneAndNothingIsAskedOfDspamd() {
        RecordingDspamBackend dspamd = new RecordingDspamBackend();
        ledger.record(ALICE, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));
        DspamUserErasure erasure = new DspamUserErasure(dspamd, DspamUserMapping.recipient(), ledger);

        assertThatThrownBy(() -> erasure.erase(ALICE)).isInstanceOf(UserChangeRefused.class)
            .hasMessageContaining("ledgerOnly").satisfies(e -> assertThat(((UserChangeRefused) e).unsupported()).isTrue());
        assertThat(ledger.find(ALICE, "m1")).isPresent();

        DspamUserErasure.Erased erased = erasure.eraseLedger(ALICE);

        assertThat(erased.ledgerEntries()).isEqualTo(1);
        assertThat(ledger.find(ALICE, "m1")).isEmpty();
        assertThat(dspamd.requests()).isEmpty();
    }

    @Test
    void anEngineThatDeletesUsersKeepsItsLedgerWithItsDictionary() {
        ledger.record(ALICE, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

        assertThatThrownBy(() -> new DspamUserErasure(trainedEngine(), DspamUserMapping.recipient(), ledger).eraseLedger(ALICE))
            .isInstanceOf(UserChangeRefused.class).hasMessageContaining("leave out ledgerOnly");
        assertThat(ledger.find(ALICE, "m1")).isPresent();
    }

    @Test
    void aStoreFailureLeavesTheLedgerAsItWas() {
        ledger.record(ALICE, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

        assertThatThrownBy(() -> new DspamUserErasure(new DeletingBackendThatFails(), DspamUserMapping.recipient(), ledger)
            .erase(ALICE)).isInstanceOf(DspamException.class).hasMessageContaining("disk full");
        assertThat(ledger.find(ALICE, "m1")).isPresent();
    }

    private static final class DeletingBackendThatFails extends RecordingDspamBackend implements DspamUserDeletion {
        @Override
        public DeletionReport deleteUser(DspamUser user) {
            throw new DspamException(DspamException.Kind.STORAGE, "disk full");
        }
    }
}
