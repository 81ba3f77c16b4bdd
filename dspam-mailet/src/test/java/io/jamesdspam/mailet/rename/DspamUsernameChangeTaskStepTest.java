package io.jamesdspam.mailet.rename;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.james.core.Username;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

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

class DspamUsernameChangeTaskStepTest {
    private static final Username ALICE = Username.of("alice@example.org");
    private static final Username ALICE_SMITH = Username.of("alice.smith@example.org");
    private static final DspamUser ALICE_DSPAM = DspamUser.of("alice@example.org");
    private static final DspamUser ALICE_SMITH_DSPAM = DspamUser.of("alice.smith@example.org");
    private static final byte[] SPAM = "From: a@b.example\nSubject: cheap pills\n\nBuy cheap pills now, best price\n"
        .getBytes(StandardCharsets.US_ASCII);

    private final InMemoryTrainingLedger ledger = new InMemoryTrainingLedger();

    private static EmbeddedDspam trainedEngine(InMemoryDspamStore store) {
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
        engine.execute(DspamRequest.train(List.of(ALICE_DSPAM), TrainingClass.SPAM, TrainingSource.CORPUS, SPAM));
        return engine;
    }

    private static void rename(DspamUsernameChangeTaskStep step) {
        Mono.from(step.changeUsername(ALICE, ALICE_SMITH)).block();
    }

    @Test
    void theDictionaryAndTheLedgerFollowTheRenamedUser() {
        EmbeddedDspam engine = trainedEngine(new InMemoryDspamStore());
        DspamTotals learned = engine.totals(ALICE_DSPAM);
        ledger.record(ALICE_DSPAM, "m1", TrainingRecord.byMessage(TrainingClass.SPAM, Instant.now()));

        rename(new DspamUsernameChangeTaskStep(engine, DspamUserMapping.recipient(), ledger));

        assertThat(engine.totals(ALICE_SMITH_DSPAM)).isEqualTo(learned);
        assertThat(engine.totals(ALICE_DSPAM)).isEqualTo(DspamTotals.EMPTY);
        assertThat(ledger.find(ALICE_SMITH_DSPAM, "m1")).isPresent();
        assertThat(ledger.find(ALICE_DSPAM, "m1")).isEmpty();
    }

    @Test
    void sharedDictionariesStayWhereTheyAre() {
        EmbeddedDspam engine = trainedEngine(new InMemoryDspamStore());
        engine.execute(DspamRequest.train(List.of(DspamUser.of("example.org")), TrainingClass.SPAM, TrainingSource.CORPUS, SPAM));
        DspamTotals domain = engine.totals(DspamUser.of("example.org"));

        rename(new DspamUsernameChangeTaskStep(engine, DspamUserMapping.parse("domain"), ledger));
        rename(new DspamUsernameChangeTaskStep(engine, DspamUserMapping.parse("localpart"), ledger));

        assertThat(engine.totals(DspamUser.of("example.org"))).isEqualTo(domain);
        assertThat(engine.totals(DspamUser.of("alice"))).isEqualTo(DspamTotals.EMPTY);
        assertThat(engine.totals(DspamUser.of("alice.smith"))).isEqualTo(DspamTotals.EMPTY);
        assertThat(engine.totals(ALICE_DSPAM).spamCorpusfed()).isEqualTo(1);
    }

    @Test
    void aBackendThatCannotMoveUsersLetsTheRenameGoOn() {
        RecordingDspamBackend dspamd = new RecordingDspamBackend();

        rename(new DspamUsernameChangeTaskStep(dspamd, DspamUserMapping.recipient(), ledger));

        assertThat(dspamd.requests()).isEmpty();
    }

    @Test
    void aFailingMoveFailsTheStepSoThatJamesReportsIt() {
        RenamingBackendThatFails failing = new RenamingBackendThatFails();

        assertThatThrownBy(() -> rename(new DspamUsernameChangeTaskStep(failing, DspamUserMapping.recipient(), ledger)))
            .isInstanceOf(DspamException.class).hasMessageContaining("disk full");
    }

    private static final class RenamingBackendThatFails extends RecordingDspamBackend implements DspamUserRenaming {
        @Override
        public MoveReport moveUser(DspamUser from, DspamUser to) {
            throw new DspamException(DspamException.Kind.STORAGE, "disk full");
        }
    }

    @Test
    void stepsAfterJamesOwn() {
        DspamUsernameChangeTaskStep step = new DspamUsernameChangeTaskStep(new RecordingDspamBackend(),
            DspamUserMapping.recipient(), ledger);

        assertThat(step.name()).isEqualTo(DspamUsernameChangeTaskStep.NAME);
        assertThat(step.priority()).isGreaterThan(2);
    }
}
