package io.jamesdspam.engine.tokenize;

import java.util.Locale;

/** dspam.conf {@code Tokenizer} (docs/ENGINE-SPEC.md §2.2–§2.4), with DSPAM's DSZ_* numbers. */
public enum TokenizerKind {
    WORD(1), CHAIN(2), SBPH(3), OSB(4);

    private final int dspamCode;

    TokenizerKind(int dspamCode) {
        this.dspamCode = dspamCode;
    }

    /** DSPAM's DSZ_* constant. */
    public int dspamCode() {
        return dspamCode;
    }

    /**
     * Parses a dspam.conf spelling: {@code word}, {@code chain}, {@code chained}, {@code sbph},
     * {@code osb} (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the value when it is none of them
     */
    public static TokenizerKind parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("Tokenizer: missing value (expected word, chain, chained, sbph or osb)");
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "word":
                return WORD;
            case "chain":
            case "chained":
                return CHAIN;
            case "sbph":
                return SBPH;
            case "osb":
                return OSB;
            default:
                throw new IllegalArgumentException("Tokenizer: unknown value '" + value + "' (expected word, chain, chained, sbph or osb)");
        }
    }
}
