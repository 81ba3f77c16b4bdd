package io.jamesdspam.model;

import java.util.Locale;

/** The true class given when training ({@code --class=spam|innocent}). */
public enum TrainingClass {
    SPAM("spam"),
    INNOCENT("innocent");

    private final String optionValue;

    TrainingClass(String optionValue) {
        this.optionValue = optionValue;
    }

    public String optionValue() {
        return optionValue;
    }

    /** Accepts DSPAM's spellings: {@code spam}, {@code innocent} and its alias {@code nonspam}. */
    public static TrainingClass parse(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        switch (lower) {
            case "spam":
                return SPAM;
            case "innocent":
            case "nonspam":
            case "ham":
                return INNOCENT;
            default:
                throw new IllegalArgumentException("Unknown training class '" + value + "' (expected spam or innocent)");
        }
    }

    public Verdict asVerdict() {
        return this == SPAM ? Verdict.SPAM : Verdict.INNOCENT;
    }

    public TrainingClass opposite() {
        return this == SPAM ? INNOCENT : SPAM;
    }
}
