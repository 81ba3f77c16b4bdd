package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.Corpus;

/**
 * Operation keys ({@link DspamRequest#once}) outside SQL storage (the databases:
 * {@code SqlOperationKeyTest}): the in-memory store keeps them, the journal store (one node, no
 * redelivery between nodes) applies a keyed training as any other and says it does not keep keys.
 */
class OperationKeyTest {
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final byte[] MESSAGE = Corpus.load().trainSet().get(0).bytes();

    @TempDir
    Path directory;

    private static UserOutcome train(EmbeddedDspam engine, String key) {
        return engine.execute(DspamRequest.train(List.of(ALICE), TrainingClass.SPAM, TrainingSource.CORPUS, MESSAGE)
            .once(key)).outcomeFor(ALICE).orElseThrow();
    }

    @Test
    void theInMemoryStoreAppliesAKeyOnce() {
        InMemoryDspamStore store = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);

        assertThat(engine.appliesOperationsOnce()).isTrue();
        assertThat(train(engine, "k1").isClassified()).isTrue();
        assertThat(train(engine, "k1").isAlreadyApplied()).isTrue();
        assertThat(train(engine, "k2").isClassified()).isTrue();
        assertThat(store.totals(ALICE).spamLearned()).isEqualTo(2);
    }

    @Test
    void theJournalStoreDoesNotKeepKeysAndSaysSo() {
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);

            assertThat(engine.appliesOperationsOnce()).isFalse();
            assertThat(train(engine, "k1").isClassified()).isTrue();
            assertThat(train(engine, "k1").isClassified()).isTrue();
            assertThat(store.totals(ALICE).spamLearned()).isEqualTo(2);
        }
    }

    @Test
    void onlyATrainingCarriesAKeyOfAtMost128Characters() {
        assertThatThrownBy(() -> DspamRequest.process(List.of(ALICE), MESSAGE).once("k"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("training request");
        assertThatThrownBy(() -> DspamRequest.classify(List.of(ALICE), MESSAGE).once("k"))
            .isInstanceOf(IllegalArgumentException.class);
        DspamRequest train = DspamRequest.train(List.of(ALICE), TrainingClass.SPAM, TrainingSource.CORPUS, MESSAGE);
        assertThatThrownBy(() -> train.once("x".repeat(DspamRequest.MAX_OPERATION_KEY_LENGTH + 1)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
        assertThat(train.once("x".repeat(DspamRequest.MAX_OPERATION_KEY_LENGTH)).withUsers(List.of(ALICE)).operationKey())
            .contains("x".repeat(DspamRequest.MAX_OPERATION_KEY_LENGTH));
    }
}
