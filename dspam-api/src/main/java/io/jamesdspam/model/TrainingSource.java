package io.jamesdspam.model;

import java.util.Locale;

/** Why a message is trained ({@code --source=...}). */
public enum TrainingSource {
    /** Reverse an earlier verdict; normally addressed by signature. */
    ERROR("error"),
    /** Feed a message of known class (initial training, autolearn without signature). */
    CORPUS("corpus"),
    /** Stronger corpus training (docs/ENGINE-SPEC.md §6.8). */
    INOCULATION("inoculation");

    private final String optionValue;

    TrainingSource(String optionValue) {
        this.optionValue = optionValue;
    }

    public String optionValue() {
        return optionValue;
    }

    public static TrainingSource parse(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        for (TrainingSource source : values()) {
            if (source.optionValue.equals(lower)) {
                return source;
            }
        }
        throw new IllegalArgumentException("Unknown training source '" + value
            + "' (expected error, corpus or inoculation)");
    }
}
