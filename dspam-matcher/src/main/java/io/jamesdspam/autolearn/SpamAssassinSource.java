package io.jamesdspam.autolearn;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

import io.jamesdspam.model.TrainingClass;

/**
 * SpamAssassin as a teacher, with SpamAssassin's own auto-learn rule: spam when the score is at
 * least the learn-spam threshold, ham when it is at most the learn-ham threshold, no opinion in
 * between. James does not pass on SpamAssassin's {@code autolearn=} field, so the thresholds are
 * applied here; the defaults are SpamAssassin's {@code bayes_auto_learn_threshold_spam} (12.0)
 * and {@code bayes_auto_learn_threshold_nonspam} (0.1).
 */
public final class SpamAssassinSource implements LearningSource {
    public static final String NAME = "spamassassin";
    public static final double DEFAULT_LEARN_SPAM_THRESHOLD = 12.0;
    public static final double DEFAULT_LEARN_HAM_THRESHOLD = 0.1;

    private final double learnSpamThreshold;
    private final double learnHamThreshold;

    public SpamAssassinSource(double learnSpamThreshold, double learnHamThreshold) {
        if (!(learnHamThreshold < learnSpamThreshold)) {
            throw new IllegalArgumentException("The SpamAssassin learn-ham threshold (" + learnHamThreshold
                + ") must be below the learn-spam threshold (" + learnSpamThreshold + ")");
        }
        this.learnSpamThreshold = learnSpamThreshold;
        this.learnHamThreshold = learnHamThreshold;
    }

    public static SpamAssassinSource withDefaults() {
        return new SpamAssassinSource(DEFAULT_LEARN_SPAM_THRESHOLD, DEFAULT_LEARN_HAM_THRESHOLD);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<TrainingClass> opinion(Mail mail, MailAddress recipient) {
        return SpamAssassinStatus.of(mail, recipient)
            .flatMap(SpamAssassinStatus::hits)
            .flatMap(this::classOf);
    }

    private Optional<TrainingClass> classOf(double hits) {
        if (hits >= learnSpamThreshold) {
            return Optional.of(TrainingClass.SPAM);
        }
        if (hits <= learnHamThreshold) {
            return Optional.of(TrainingClass.INNOCENT);
        }
        return Optional.empty();
    }

    public double learnSpamThreshold() {
        return learnSpamThreshold;
    }

    public double learnHamThreshold() {
        return learnHamThreshold;
    }
}
