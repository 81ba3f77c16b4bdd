package io.jamesdspam.mailet.configuration;

import java.util.Locale;

/** Whether classifying also learns ({@code process}, DSPAM's {@code --process}) or not. */
public enum ClassificationMode {
    /** {@code --classify}: never learns, no signature is stored. */
    CLASSIFY,
    /** {@code --process}: classify and learn per the training mode; stores a signature. */
    PROCESS;

    public static ClassificationMode parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "classify":
                return CLASSIFY;
            case "process":
                return PROCESS;
            default:
                throw new IllegalArgumentException("expected classify or process, got '" + value + "'");
        }
    }
}
