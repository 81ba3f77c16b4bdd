package io.jamesdspam.model;

import java.util.Locale;

/**
 * DSPAM's final verdict, the {@code result="..."} field: authoritative, unlike the probability
 * (docs/PROTOCOL.md §6.2). Every class other than Spam/Innocent maps onto one of these two.
 */
public enum Verdict {
    SPAM("Spam"),
    INNOCENT("Innocent");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    /** As DSPAM writes it: {@code Spam} or {@code Innocent}. */
    public String wireName() {
        return wireName;
    }

    public static Verdict parse(String value) {
        for (Verdict verdict : values()) {
            if (verdict.wireName.equals(value)) {
                return verdict;
            }
        }
        throw new IllegalArgumentException("Unknown DSPAM result '" + value + "' (expected Spam or Innocent)");
    }

    public TrainingClass asTrainingClass() {
        return this == SPAM ? TrainingClass.SPAM : TrainingClass.INNOCENT;
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}
