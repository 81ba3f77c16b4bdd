package io.jamesdspam.mailet.training;

import java.util.Objects;

import io.jamesdspam.model.TrainingClass;

/**
 * How many of a user's error corrections were moved back (a misclick undone), per corrected class.
 *
 * <p>DSPAM counts every {@code --source=error} retrain in its totals ({@code spam_misclassified}
 * for a spam correction, {@code innocent_misclassified} for an innocent one) and no command takes
 * such a count back: unlearning the retrain restores the tokens and the learned counter, not the
 * misclassification. The statistics route subtracts these counts so that a correction that was
 * undone leaves the user's false positives, false negatives and accuracy as they were.
 */
public final class UndoneCorrections {
    public static final UndoneCorrections NONE = new UndoneCorrections(0, 0);

    private final long spam;
    private final long innocent;

    public UndoneCorrections(long spam, long innocent) {
        this.spam = spam;
        this.innocent = innocent;
    }

    /** Spam corrections moved back: false negatives DSPAM still counts. */
    public long spam() {
        return spam;
    }

    /** Innocent corrections moved back: false positives DSPAM still counts. */
    public long innocent() {
        return innocent;
    }

    public UndoneCorrections plus(TrainingClass correctedClass) {
        return correctedClass == TrainingClass.SPAM ? new UndoneCorrections(spam + 1, innocent) : new UndoneCorrections(spam, innocent + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UndoneCorrections && ((UndoneCorrections) o).spam == spam && ((UndoneCorrections) o).innocent == innocent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(spam, innocent);
    }

    @Override
    public String toString() {
        return "UndoneCorrections{spam=" + spam + ", innocent=" + innocent + '}';
    }
}
