package io.jamesdspam.mailet.configuration;

import java.util.Locale;

/** What the Dspam mailet does when the backend fails (down, timed out, answering garbage). */
public enum FailurePolicy {
    /** Deliver unclassified; the result attribute records the error and a counter is incremented. */
    DELIVER,
    /** Throw, so that James's {@code onMailetException} decides (error processor, ignore, ...). */
    THROW;

    public static FailurePolicy parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "deliver":
                return DELIVER;
            case "throw":
                return THROW;
            default:
                throw new IllegalArgumentException("expected deliver or throw, got '" + value + "'");
        }
    }
}
