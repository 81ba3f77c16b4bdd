package io.jamesdspam.engine.tokenize;

/**
 * SBPH and OSB (§2.4): over each header line and over BODY, a window of 5 — for each anchor
 * token, keys made of the anchor and a selection of its up to 4 followers, unselected ones
 * written {@code #}, in increasing order of the selection mask. SBPH emits every selection,
 * OSB only single followers. Every key goes to BNR stream {@code s}; no {@code !} truncation.
 */
final class SparseSequencer implements TokenSequencer {
    static final int WINDOW = 5;

    private final boolean allSelections;
    private final TokenWriter writer;
    private final WordSpans words = new WordSpans();

    SparseSequencer(boolean allSelections, TokenWriter writer) {
        this.allSelections = allSelections;
        this.writer = writer;
    }

    @Override
    public void headerLine(byte[] heading, int headingLength, byte[] text, int from, int to) {
        words.split(text, from, to, Delimiters.SPARSE_HEADING);
        boolean noNul = TokenWriter.holdsNoNul(heading, 0, headingLength) && TokenWriter.holdsNoNul(text, from, to);
        keys(heading, headingLength, text, noNul);
    }

    @Override
    public void body(byte[] body, int length) {
        words.split(body, 0, length, Delimiters.SPARSE);
        keys(null, 0, body, TokenWriter.holdsNoNul(body, 0, length));
    }

    /** @param noNul whether the heading and the text (every word of it) hold no NUL byte */
    private void keys(byte[] heading, int headingLength, byte[] text, boolean noNul) {
        writer.textsHoldNoNul(noNul);
        try {
            anchoredKeys(heading, headingLength, text);
        } finally {
            writer.textsHoldNoNul(false);
        }
    }

    private void anchoredKeys(byte[] heading, int headingLength, byte[] text) {
        Diction diction = writer.diction();
        int count = words.count();
        for (int anchor = 0; anchor < count; anchor++) {
            int followers = Math.min(WINDOW - 1, count - 1 - anchor);
            writer.reset();
            if (heading != null) {
                writer.put(heading, 0, headingLength).put((byte) '*');
            }
            writer.put(text, words.start(anchor), words.end(anchor));
            writer.markPrefix();
            int anchorLength = writer.length();
            int limit = 1 << (followers + 1);
            for (int mask = 1; mask < limit; mask += 2) {
                if (!allSelections && Integer.bitCount(mask) != 2) {
                    continue;
                }
                writer.setLength(anchorLength);
                int highest = 31 - Integer.numberOfLeadingZeros(mask);
                for (int offset = 1; offset <= highest; offset++) {
                    writer.put((byte) '+');
                    if ((mask & (1 << offset)) != 0) {
                        writer.put(text, words.start(anchor + offset), words.end(anchor + offset));
                    } else {
                        writer.put((byte) '#');
                    }
                }
                diction.appendToStreamS(writer.emit());
            }
        }
    }
}
