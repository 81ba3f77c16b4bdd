package io.jamesdspam.mailet.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.james.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.mailet.training.WholeMessageTraining;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.TestDatabase;

/**
 * On SQL storage the corpus task hands the engine {@link EmbeddedDspam#TRAINING_BATCH} messages at a
 * time, written together, and leaves what training them one by one leaves; inbound X-DSPAM headers
 * are stripped all the same.
 */
class DspamCorpusTrainingTaskBatchTest {
    private static final DspamUser BATCHED = DspamUser.of("batched@example.com");
    private static final DspamUser ONE_BY_ONE = DspamUser.of("one-by-one@example.com");
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final int MESSAGES = 25;

    @TempDir
    Path directory;

    /** Records how many requests each call carried. */
    private static final class CountingBackend implements DspamBackend {
        private final EmbeddedDspam engine;
        private final List<Integer> calls = new CopyOnWriteArrayList<>();

        CountingBackend(EmbeddedDspam engine) {
            this.engine = engine;
        }

        @Override
        public DspamResponse execute(DspamRequest request) {
            calls.add(1);
            return engine.execute(request);
        }

        @Override
        public List<UserOutcome> executeTogether(DspamUser user, List<DspamRequest> requests) {
            calls.add(requests.size());
            return engine.executeTogether(user, requests);
        }

        @Override
        public int trainingBatchSize() {
            return engine.trainingBatchSize();
        }

        @Override
        public void ping() {
        }

        @Override
        public String name() {
            return "counting";
        }
    }

    private static String message(int n) {
        // A forged signature header: stripped before DSPAM sees the message, batched or not
        return "From: sender" + n + "@example.net\r\nTo: batched@example.com\r\nSubject: offer number " + n
            + "\r\nX-DSPAM-Signature: 1,forged" + n + "\r\n\r\nBuy cheap item" + n + " today, unique word w" + n
            + "x and shared words pills casino offer " + (n % 3) + ".\r\n";
    }

    @Test
    void onSqlStorageTheTaskTrainsInBatchesAndLeavesWhatOneByOneLeaves() throws Exception {
        try (TestDatabase database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sqlj_", "corpus_task");
             SqlDspamStore store = SqlDspamStore.open(SqlStoreOptions.of(database.url()).withCredentials(database.user(), null))) {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, Clock.fixed(NOW, ZoneOffset.UTC));
            CountingBackend backend = new CountingBackend(engine);
            DspamCorpusTrainingTask task = new DspamCorpusTrainingTask(backend, BATCHED, TrainingClass.SPAM,
                CorpusMbox.write(directory, MESSAGES, DspamCorpusTrainingTaskBatchTest::message), 1_000_000, Clock.systemUTC());

            assertThat(task.run()).isEqualTo(Task.Result.COMPLETED);

            DspamCorpusTrainingTask.AdditionalInformation details =
                (DspamCorpusTrainingTask.AdditionalInformation) task.details().orElseThrow();
            assertThat(details.getMessages()).isEqualTo(MESSAGES);
            assertThat(details.getTrained()).isEqualTo(MESSAGES);
            assertThat(details.getFailed()).isZero();
            assertThat(backend.calls).containsExactly(EmbeddedDspam.TRAINING_BATCH, EmbeddedDspam.TRAINING_BATCH,
                MESSAGES - 2 * EmbeddedDspam.TRAINING_BATCH);

            for (int n = 1; n <= MESSAGES; n++) {
                assertThat(WholeMessageTraining.train(engine, ONE_BY_ONE, TrainingClass.SPAM, TrainingSource.CORPUS,
                    message(n).getBytes(StandardCharsets.UTF_8))).isTrue();
            }
            assertThat(store.totals(BATCHED)).isEqualTo(store.totals(ONE_BY_ONE));
            assertThat(store.totals(BATCHED).spamCorpusfed()).isEqualTo(MESSAGES);
            assertThat(dictionary(store, BATCHED)).isEqualTo(dictionary(store, ONE_BY_ONE)).isNotEmpty();
        }
    }

    private static Map<Long, TokenStatistics> dictionary(DspamStore store, DspamUser user) {
        Map<Long, TokenStatistics> tokens = new HashMap<>();
        store.forEachToken(user, tokens::put);
        return tokens;
    }
}
