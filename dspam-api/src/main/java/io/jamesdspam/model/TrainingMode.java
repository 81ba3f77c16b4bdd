package io.jamesdspam.model;

import java.util.Locale;

/** DSPAM's training modes ({@code TrainingMode}, {@code --mode=...}). */
public enum TrainingMode {
    /** Train everything. */
    TEFT("teft"),
    /** Train on error only (TEFT-like until 100 ham and 100 spam were learned). */
    TOE("toe"),
    /** Train until mature. */
    TUM("tum"),
    /** Never train. */
    NOTRAIN("notrain"),
    /** Undo an earlier training (per request only). */
    UNLEARN("unlearn");

    private final String optionValue;

    TrainingMode(String optionValue) {
        this.optionValue = optionValue;
    }

    public String optionValue() {
        return optionValue;
    }

    public static TrainingMode parse(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        for (TrainingMode mode : values()) {
            if (mode.optionValue.equals(lower)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown training mode '" + value
            + "' (expected teft, toe, tum, notrain or unlearn)");
    }
}
