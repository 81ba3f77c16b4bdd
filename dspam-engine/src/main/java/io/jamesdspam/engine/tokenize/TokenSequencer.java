package io.jamesdspam.engine.tokenize;

/**
 * The tokenizer-specific part of §2: how one header line's token text and the whole BODY
 * become tokens. Implementations hold per-message state and are used by one thread.
 */
interface TokenSequencer {
    /**
     * Tokens of one header line: {@code text[from, to)} under {@code heading[0, headingLength)}.
     * Per-line state starts afresh (§2.1.4 rule 4).
     */
    void headerLine(byte[] heading, int headingLength, byte[] text, int from, int to);

    /** Tokens of BODY, one sequence across all parts. */
    void body(byte[] body, int length);
}
