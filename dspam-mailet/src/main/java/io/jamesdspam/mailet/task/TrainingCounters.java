package io.jamesdspam.mailet.task;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.model.TrainingClass;

/** The counters of one periodic training run, updated concurrently, read as snapshots. */
public final class TrainingCounters {

    /** An immutable reading of the counters. */
    public static final class Snapshot {
        private final long examined;
        private final long trainedSpam;
        private final long trainedInnocent;
        private final long skippedAlreadyTrained;
        private final long failed;

        public Snapshot(long examined, long trainedSpam, long trainedInnocent, long skippedAlreadyTrained, long failed) {
            this.examined = examined;
            this.trainedSpam = trainedSpam;
            this.trainedInnocent = trainedInnocent;
            this.skippedAlreadyTrained = skippedAlreadyTrained;
            this.failed = failed;
        }

        public long examined() {
            return examined;
        }

        public long trainedSpam() {
            return trainedSpam;
        }

        public long trainedInnocent() {
            return trainedInnocent;
        }

        public long skippedAlreadyTrained() {
            return skippedAlreadyTrained;
        }

        public long failed() {
            return failed;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Snapshot)) {
                return false;
            }
            Snapshot that = (Snapshot) o;
            return examined == that.examined && trainedSpam == that.trainedSpam && trainedInnocent == that.trainedInnocent
                && skippedAlreadyTrained == that.skippedAlreadyTrained && failed == that.failed;
        }

        @Override
        public int hashCode() {
            return Objects.hash(examined, trainedSpam, trainedInnocent, skippedAlreadyTrained, failed);
        }

        @Override
        public String toString() {
            return "Snapshot{examined=" + examined + ", trainedSpam=" + trainedSpam + ", trainedInnocent=" + trainedInnocent
                + ", skippedAlreadyTrained=" + skippedAlreadyTrained + ", failed=" + failed + "}";
        }
    }

    private final AtomicLong examined = new AtomicLong();
    private final AtomicLong trainedSpam = new AtomicLong();
    private final AtomicLong trainedInnocent = new AtomicLong();
    private final AtomicLong skippedAlreadyTrained = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public void examined() {
        examined.incrementAndGet();
    }

    public void failed() {
        failed.incrementAndGet();
    }

    /** Counts what training one message as {@code trueClass} did. */
    public void count(TrainingClass trueClass, CorrectionTrainer.Outcome outcome) {
        if (outcome == CorrectionTrainer.Outcome.TRAINED_BY_SIGNATURE || outcome == CorrectionTrainer.Outcome.TRAINED_BY_MESSAGE) {
            (trueClass == TrainingClass.SPAM ? trainedSpam : trainedInnocent).incrementAndGet();
        } else {
            // Already trained, or DSPAM already classified it so at delivery: nothing to learn.
            skippedAlreadyTrained.incrementAndGet();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(examined.get(), trainedSpam.get(), trainedInnocent.get(), skippedAlreadyTrained.get(), failed.get());
    }
}
