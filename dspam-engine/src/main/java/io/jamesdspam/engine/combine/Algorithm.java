package io.jamesdspam.engine.combine;

import java.util.Locale;

/** dspam.conf {@code Algorithm} items (docs/ENGINE-SPEC.md §4); several may be enabled at once. */
public enum Algorithm {
    NAIVE("naive"),
    GRAHAM("graham"),
    BURTON("burton"),
    ROBINSON("robinson"),
    CHI_SQUARE("chi-square");

    private final String confName;

    Algorithm(String confName) {
        this.confName = confName;
    }

    public String confName() {
        return confName;
    }

    public static Algorithm parse(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        for (Algorithm algorithm : values()) {
            if (algorithm.confName.equals(lower)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("Unknown algorithm '" + value
            + "' (expected graham, burton, robinson, chi-square or naive)");
    }
}
