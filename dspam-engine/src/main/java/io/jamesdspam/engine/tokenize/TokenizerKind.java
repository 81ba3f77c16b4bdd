package io.jamesdspam.engine.tokenize;

import java.util.Locale;

/** dspam.conf {@code Tokenizer} (docs/ENGINE-SPEC.md §2.2–§2.4), with DSPAM's DSZ_* numbers. */
public enum TokenizerKind {
    WORD(1, 100), CHAIN(2, 210), SBPH(3, 1_800), OSB(4, 460);

    private final int dspamCode;
    /**
     * Distinct tokens per 1,000 bytes of degenerated message that 9 in 10 of the corpus's test messages
     * stay under (measured: WORD 94, CHAIN 206, SBPH 1,789, OSB 456), so a message's diction is sized
     * once instead of growing while it is tokenized.
     */
    private final int entriesPerThousandBytes;

    TokenizerKind(int dspamCode, int entriesPerThousandBytes) {
        this.dspamCode = dspamCode;
        this.entriesPerThousandBytes = entriesPerThousandBytes;
    }

    /** How many distinct tokens to make room for in the diction of a message of {@code degeneratedBytes}. */
    public int expectedEntries(long degeneratedBytes) {
        return (int) Math.min(Integer.MAX_VALUE, degeneratedBytes * entriesPerThousandBytes / 1000);
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
