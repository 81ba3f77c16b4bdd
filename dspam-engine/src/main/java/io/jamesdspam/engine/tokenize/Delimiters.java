package io.jamesdspam.engine.tokenize;

/**
 * DSPAM's four delimiter sets (docs/ENGINE-SPEC.md §2.1.1) as byte lookup tables. Every byte not in a
 * set, including all bytes ≥ 0x80 and {@code !}, is a token byte.
 */
final class Delimiters {
    /** WORD/CHAIN body and URL pieces. */
    static final Delimiters BODY = new Delimiters(" .,;:\n\t\r@-+*");
    /** WORD/CHAIN headers: the body set without {@code .}. */
    static final Delimiters HEADING = new Delimiters(" ,;:\n\t\r@-+*");
    /** SBPH/OSB body. */
    static final Delimiters SPARSE = new Delimiters(" .,;:\"/\\[]}{=+_()<>|&\n\t\r@-*~`?#$%^");
    /** SBPH/OSB headers: the sparse set without {@code .}, {@code _} and {@code -}. */
    static final Delimiters SPARSE_HEADING = new Delimiters(" ,;:\"/\\[]}{=+()<>|&\n\t\r@*~`?#$%^");

    private final boolean[] delimiter = new boolean[256];

    private Delimiters(String bytes) {
        for (int i = 0; i < bytes.length(); i++) {
            delimiter[bytes.charAt(i)] = true;
        }
    }

    boolean isDelimiter(byte b) {
        return delimiter[b & 0xFF];
    }
}
