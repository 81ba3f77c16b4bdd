package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The engine on the journal store gives exactly what it gives on the in-memory store, across a
 * close and reopen between training and classification (C2 defaults, TOE: classification writes
 * too, so the stores must also agree after it).
 */
class JournalDspamStoreEngineTest {
    private static final DspamUser USER = DspamUser.of("ref");

    @TempDir
    Path directory;

    @Test
    void trainingReopenAndClassificationMatchTheInMemoryStore() {
        trainReopenAndClassify(JournalDspamStore.Options.defaults());
    }

    /**
     * Compactions during training (rows split between the mapped snapshot and the changes since),
     * read without the heap cache and then with it.
     */
    @Test
    void mappedSnapshotsWithChangesAndTheHeapCacheMatchTheInMemoryStore() {
        trainReopenAndClassify(JournalDspamStore.Options.defaults().withMinimumJournalBytesBeforeCompaction(64 * 1024)
            .withDictionaryCacheBytes(0));
        JournalDspamStore.Options cached = JournalDspamStore.Options.defaults().withDictionaryCacheBytes(1L << 30);
        try (JournalDspamStore store = JournalDspamStore.open(directory, cached)) {
            InMemoryDspamStore memory = trainedReference;
            for (int i = 0; i < 3; i++) {
                store.load(USER, new long[] {1L});
            }
            assertThat(store.dictionaryCacheBytesUsed()).isPositive();
            EmbeddedDspam referenceEngine = EmbeddedDspam.create(EngineSettings.defaults(), memory);
            EmbeddedDspam journal = EmbeddedDspam.create(EngineSettings.defaults(), store);
            for (CorpusMessage message : Corpus.load().testSet().subList(40, 80)) {
                DspamResponse expected = referenceEngine.execute(DspamRequest.process(List.of(USER), message.bytes()));
                DspamResponse actual = journal.execute(DspamRequest.process(List.of(USER), message.bytes()));
                assertThat(actual.resultFor(USER).map(DspamResult::probability))
                    .as(message.path()).isEqualTo(expected.resultFor(USER).map(DspamResult::probability));
            }
            assertThat(rows(store)).isEqualTo(rows(memory));
        }
    }

    /** The in-memory store trained alongside, by {@link #trainReopenAndClassify}. */
    private InMemoryDspamStore trainedReference;

    private void trainReopenAndClassify(JournalDspamStore.Options options) {
        List<CorpusMessage> train = Corpus.load().trainSet().subList(0, 200);
        List<CorpusMessage> test = Corpus.load().testSet().subList(0, 40);
        InMemoryDspamStore memory = new InMemoryDspamStore();
        trainedReference = memory;
        EmbeddedDspam reference = EmbeddedDspam.create(EngineSettings.defaults(), memory);

        try (EmbeddedDspam journal = EmbeddedDspam.create(EngineSettings.defaults(), JournalDspamStore.open(directory, options))) {
            for (CorpusMessage message : train) {
                DspamRequest request = DspamRequest.train(List.of(USER),
                    message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT, TrainingSource.CORPUS, message.bytes());
                reference.execute(request);
                journal.execute(request);
            }
        }

        JournalDspamStore reopened = JournalDspamStore.open(directory, options);
        try (EmbeddedDspam journal = EmbeddedDspam.create(EngineSettings.defaults(), reopened)) {
            assertThat(reopened.totals(USER)).isEqualTo(memory.totals(USER));
            for (CorpusMessage message : test) {
                DspamResponse expected = reference.execute(DspamRequest.classify(List.of(USER), message.bytes()));
                DspamResponse actual = journal.execute(DspamRequest.classify(List.of(USER), message.bytes()));
                assertThat(actual.resultFor(USER)).as(message.path()).isEqualTo(expected.resultFor(USER));
            }
            assertThat(rows(reopened)).isEqualTo(rows(memory));
        }
    }

    @Test
    void purgeFollowsDspamSignatureAgeRule() {
        Instant day0 = Instant.parse("2026-11-01T10:00:00Z");
        List<CorpusMessage> messages = Corpus.load().trainSet().subList(0, 3);
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, Clock.fixed(day0, ZoneOffset.UTC));
            for (CorpusMessage message : messages) {
                engine.execute(DspamRequest.process(List.of(USER), message.bytes()));
            }
            assertThat(store.signatureCount(USER)).isEqualTo(3);

            // PurgeSignatures 14: whole-day age must exceed 14.
            EmbeddedDspam fourteenDaysLater = EmbeddedDspam.create(EngineSettings.defaults(), store,
                Clock.fixed(day0.plus(Duration.ofDays(14)), ZoneOffset.UTC));
            assertThat(fourteenDaysLater.purge(Duration.ofDays(14)).signaturesPurged()).isZero();
            EmbeddedDspam fifteenDaysLater = EmbeddedDspam.create(EngineSettings.defaults(), store,
                Clock.fixed(day0.plus(Duration.ofDays(15)), ZoneOffset.UTC));
            assertThat(fifteenDaysLater.purge(Duration.ofDays(14)).signaturesPurged()).isEqualTo(3);
            assertThat(store.signatureCount(USER)).isZero();

            engine.execute(DspamRequest.process(List.of(USER), messages.get(0).bytes()));
            // Limit 0 deletes every signature, even today's.
            assertThat(engine.purge(Duration.ZERO).signaturesPurged()).isEqualTo(1);
        }
        try (JournalDspamStore reopened = JournalDspamStore.open(directory)) {
            assertThat(reopened.signatureCount(USER)).isZero();
            assertThat(reopened.totals(USER).innocentLearned() + reopened.totals(USER).spamLearned()).isEqualTo(4);
        }
    }

    private static Map<Long, TokenStatistics> rows(DspamStore store) {
        Map<Long, TokenStatistics> rows = new HashMap<>();
        store.forEachToken(USER, rows::put);
        return rows;
    }
}
