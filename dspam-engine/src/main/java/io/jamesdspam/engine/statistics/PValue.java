package io.jamesdspam.engine.statistics;

import java.util.Locale;

/** dspam.conf {@code PValue}: how one token's probability is computed (docs/ENGINE-SPEC.md §3.3). */
public enum PValue {
    /** Graham's rule, DSPAM's default ({@code bcr}). */
    BCR,
    /** Graham's rule followed by Robinson's adjustment towards 0.5 for rare tokens. */
    ROBINSON,
    /** Markovian weighting by token complexity. */
    MARKOV;

    /** DSPAM reads {@code bcr}, {@code robinson} and {@code markov}; anything else means bcr (§12). */
    public static PValue parse(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("robinson")) {
            return ROBINSON;
        }
        if (lower.equals("markov")) {
            return MARKOV;
        }
        return BCR;
    }
}
