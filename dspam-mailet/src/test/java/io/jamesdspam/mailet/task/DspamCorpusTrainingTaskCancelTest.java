package io.jamesdspam.mailet.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.mailet.training.WholeMessageTraining;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

/**
 * James cancels a running task by interrupting its thread; the corpus task calls the embedded
 * engine on that thread, so the interrupt can land inside the journal store's I/O (which NIO
 * answers by closing the channel). The task stops, the store stays usable and holds exactly the
 * messages the task counted as trained, each whole.
 */
class DspamCorpusTrainingTaskCancelTest {
    private static final DspamUser USER = DspamUser.of("alice@example.com");
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final int MESSAGES = 40;
    private static final int CANCELLED_DURING = 6;

    @TempDir
    Path directory;

    private JournalDspamStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /**
     * A clock that interrupts the thread reading it while the engine trains message
     * {@value #CANCELLED_DURING}: James's cancel arriving in the middle of an engine call.
     */
    private static final class CancellingClock extends Clock {
        private final AtomicReference<DspamCorpusTrainingTask> task = new AtomicReference<>();
        private volatile boolean cancelled;

        @Override
        public Instant instant() {
            DspamCorpusTrainingTask running = task.get();
            if (!cancelled && running != null && trained(running) == CANCELLED_DURING - 1) {
                cancelled = true;
                Thread.currentThread().interrupt();
            }
            return NOW;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static long trained(DspamCorpusTrainingTask task) {
        return ((DspamCorpusTrainingTask.AdditionalInformation) task.details().orElseThrow()).getTrained();
    }

    private static String message(int n) {
        return "From: sender" + n + "@example.net\r\nTo: alice@example.com\r\nSubject: offer number " + n
            + "\r\n\r\nBuy cheap item" + n + " today, unique word w" + n + "x and shared words pills casino.\r\n";
    }

    @Test
    void aTaskCancelledInsideAnEngineCallLeavesTheStoreUsableAndEveryMessageWhole() throws Exception {
        store = JournalDspamStore.open(directory.resolve("store"));
        CancellingClock clock = new CancellingClock();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store, clock);
        DspamCorpusTrainingTask task = new DspamCorpusTrainingTask(engine, USER, TrainingClass.SPAM,
            CorpusMbox.write(directory, MESSAGES, DspamCorpusTrainingTaskCancelTest::message), 1_000_000, Clock.systemUTC());
        clock.task.set(task);
        AtomicReference<Task.Result> result = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread taskThread = new Thread(() -> {
            result.set(task.run());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        taskThread.start();
        taskThread.join(60_000);

        assertThat(taskThread.isAlive()).isFalse();
        assertThat(clock.cancelled).isTrue();
        assertThat(result.get()).as("the task stopped at the cancel").isEqualTo(Task.Result.PARTIAL);
        assertThat(stillInterrupted.get()).as("the interrupt reached the task").isTrue();
        assertThat(store.filesReadAgain()).as("the interrupt closed a channel of the store").isPositive();
        long trained = trained(task);
        assertThat(trained).as("the message in flight was trained whole, then the task stopped").isEqualTo(CANCELLED_DURING);

        Map<String, Object> expected = dictionaryOfTheFirst((int) trained);
        assertThat(dictionary(store)).isEqualTo(expected);
        store.close();
        store = JournalDspamStore.open(directory.resolve("store"));
        assertThat(dictionary(store)).isEqualTo(expected);

        EmbeddedDspam after = EmbeddedDspam.create(EngineSettings.defaults(), store, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(WholeMessageTraining.train(after, USER, TrainingClass.SPAM, TrainingSource.CORPUS,
            message(MESSAGES).getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(store.totals(USER).spamCorpusfed()).isEqualTo(trained + 1);
    }

    /** The dictionary the same engine builds from the first {@code count} messages, without any interrupt. */
    private Map<String, Object> dictionaryOfTheFirst(int count) {
        InMemoryDspamStore reference = new InMemoryDspamStore();
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), reference, Clock.fixed(NOW, ZoneOffset.UTC));
        for (int n = 1; n <= count; n++) {
            assertThat(WholeMessageTraining.train(engine, USER, TrainingClass.SPAM, TrainingSource.CORPUS,
                message(n).getBytes(StandardCharsets.UTF_8))).isTrue();
        }
        return dictionary(reference);
    }

    private static Map<String, Object> dictionary(DspamStore store) {
        Map<Long, TokenStatistics> tokens = new HashMap<>();
        store.forEachToken(USER, tokens::put);
        return Map.of("totals", store.totals(USER), "tokens", tokens);
    }
}
