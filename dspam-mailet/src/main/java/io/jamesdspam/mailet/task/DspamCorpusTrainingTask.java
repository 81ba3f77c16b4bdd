package io.jamesdspam.mailet.task;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.mailet.training.MboxReader;
import io.jamesdspam.mailet.training.WholeMessageTraining;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;

/**
 * Trains every message of an uploaded mbox corpus for one DSPAM user ({@code dspam_train} for one
 * class), from the file the route spooled the upload to, one message in memory at a time — or, where
 * the backend writes several in one transaction (the embedded engine on SQL storage), a batch of
 * them, at most about 1 MB; the file is deleted when the task ends. Progress is in the task's
 * details while it runs.
 */
public class DspamCorpusTrainingTask implements Task {
    public static final TaskType TASK_TYPE = TaskType.of("dspam-corpus-training");

    private static final Logger LOGGER = LoggerFactory.getLogger(DspamCorpusTrainingTask.class);

    /** Messages read, trained, failed and skipped as too large so far. */
    public static class AdditionalInformation implements TaskExecutionDetails.AdditionalInformation {
        private final Instant timestamp;
        private final String dspamUser;
        private final TrainingClass trainingClass;
        private final long messages;
        private final long trained;
        private final long failed;
        private final long tooLarge;

        public AdditionalInformation(Instant timestamp, String dspamUser, TrainingClass trainingClass, long messages,
                                     long trained, long failed, long tooLarge) {
            this.timestamp = timestamp;
            this.dspamUser = dspamUser;
            this.trainingClass = trainingClass;
            this.messages = messages;
            this.trained = trained;
            this.failed = failed;
            this.tooLarge = tooLarge;
        }

        public String getDspamUser() {
            return dspamUser;
        }

        public TrainingClass getTrainingClass() {
            return trainingClass;
        }

        public long getMessages() {
            return messages;
        }

        public long getTrained() {
            return trained;
        }

        public long getFailed() {
            return failed;
        }

        public long getTooLarge() {
            return tooLarge;
        }

        @Override
        public Instant timestamp() {
            return timestamp;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof AdditionalInformation)) {
                return false;
            }
            AdditionalInformation that = (AdditionalInformation) o;
            return timestamp.equals(that.timestamp) && dspamUser.equals(that.dspamUser) && trainingClass == that.trainingClass
                && messages == that.messages && trained == that.trained && failed == that.failed && tooLarge == that.tooLarge;
        }

        @Override
        public int hashCode() {
            return Objects.hash(timestamp, dspamUser, trainingClass, messages, trained, failed, tooLarge);
        }
    }

    private final DspamBackend backend;
    private final DspamUser user;
    private final TrainingClass trainingClass;
    private final Path corpus;
    private final long maxMessageSize;
    private final Clock clock;
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong trained = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong tooLarge = new AtomicLong();

    public DspamCorpusTrainingTask(DspamBackend backend, DspamUser user, TrainingClass trainingClass, Path corpus,
                                   long maxMessageSize, Clock clock) {
        this.backend = backend;
        this.user = user;
        this.trainingClass = trainingClass;
        this.corpus = corpus;
        this.maxMessageSize = maxMessageSize;
        this.clock = clock;
    }

    @Override
    public Result run() {
        Batch batch = new Batch(Math.max(1, backend.trainingBatchSize()));
        try (InputStream input = new BufferedInputStream(Files.newInputStream(corpus))) {
            new MboxReader(input, maxMessageSize).read(new MboxReader.MessageConsumer() {
                @Override
                public void accept(byte[] message) throws IOException {
                    stopIfCancelled();
                    messages.incrementAndGet();
                    batch.add(message);
                }

                @Override
                public void tooLarge(long size) {
                    messages.incrementAndGet();
                    tooLarge.incrementAndGet();
                }
            });
            batch.train();
        } catch (InterruptedIOException e) {
            LOGGER.warn("DSPAM corpus training for {} cancelled after {} messages read ({} not trained)", user,
                messages.get(), batch.size());
            return Result.PARTIAL;
        } catch (IOException | IllegalArgumentException e) {
            // What was read before the corpus broke off is trained
            batch.train();
            LOGGER.warn("DSPAM corpus training for {} stopped after {} messages: {}", user, messages.get(), e.getMessage());
            return Result.PARTIAL;
        } finally {
            deleteCorpus();
        }
        return failed.get() == 0 && tooLarge.get() == 0 ? Result.COMPLETED : Result.PARTIAL;
    }

    /**
     * James cancels a task by interrupting its thread: stop between two messages (a message in
     * training is finished whole, the embedded store sees to it; messages read but not yet handed
     * to DSPAM, at most a batch on SQL storage, are left out). Reading the corpus would notice
     * only when its buffer runs dry.
     */
    private void stopIfCancelled() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("cancelled");
        }
    }

    /**
     * The messages read and not trained yet: handed to DSPAM together once there are
     * {@link DspamBackend#trainingBatchSize()} of them (one at a time, unless the backend writes
     * several in one transaction) or {@link DspamBackend#TRAINING_BATCH_BYTES}.
     */
    private final class Batch {
        private final int size;
        private final List<DspamRequest> requests = new ArrayList<>();
        private long bytes;

        Batch(int size) {
            this.size = size;
        }

        void add(byte[] message) {
            requests.add(WholeMessageTraining.request(user, trainingClass, TrainingSource.CORPUS, message));
            bytes += message.length;
            if (requests.size() >= size || bytes >= DspamBackend.TRAINING_BATCH_BYTES) {
                train();
            }
        }

        int size() {
            return requests.size();
        }

        void train() {
            if (requests.isEmpty()) {
                return;
            }
            long first = messages.get() - requests.size() + 1;
            List<UserOutcome> outcomes = backend.executeTogether(user, List.copyOf(requests));
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i).isClassified()) {
                    trained.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    LOGGER.warn("DSPAM could not train message {} of the corpus for {}: {}", first + i, user,
                        outcomes.get(i).reason().orElse("no result"));
                }
            }
            requests.clear();
            bytes = 0;
        }
    }

    private void deleteCorpus() {
        try {
            Files.deleteIfExists(corpus);
        } catch (IOException e) {
            LOGGER.warn("Could not delete the spooled corpus {}: {}", corpus, e.getMessage());
        }
    }

    @Override
    public TaskType type() {
        return TASK_TYPE;
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        return Optional.of(new AdditionalInformation(clock.instant(), user.asString(), trainingClass, messages.get(),
            trained.get(), failed.get(), tooLarge.get()));
    }

    public DspamUser getUser() {
        return user;
    }

    public TrainingClass getTrainingClass() {
        return trainingClass;
    }

    public Path getCorpus() {
        return corpus;
    }

    public long getMaxMessageSize() {
        return maxMessageSize;
    }
}
