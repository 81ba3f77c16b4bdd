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
    private int[] starts = new int[256];
    private int[] ends = new int[256];
    private int count;

    SparseSequencer(boolean allSelections, TokenWriter writer) {
        this.allSelections = allSelections;
        this.writer = writer;
    }

    @Override
    public void headerLine(byte[] heading, int headingLength, byte[] text, int from, int to) {
        split(text, from, to, Delimiters.SPARSE_HEADING);
        keys(heading, headingLength, text);
    }

    @Override
    public void body(byte[] body, int length) {
        split(body, 0, length, Delimiters.SPARSE);
        keys(null, 0, body);
    }

    private void split(byte[] text, int from, int to, Delimiters delimiters) {
        count = 0;
        int i = from;
        while (i < to) {
            while (i < to && delimiters.isDelimiter(text[i])) {
                i++;
            }
            int start = i;
            while (i < to && !delimiters.isDelimiter(text[i])) {
                i++;
            }
            int length = i - start;
            if (length >= 1 && length <= WordChainSequencer.MAX_TOKEN_LENGTH) {
                if (count == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, count * 2);
                    ends = java.util.Arrays.copyOf(ends, count * 2);
                }
                starts[count] = start;
                ends[count] = i;
                count++;
            }
        }
    }

    private void keys(byte[] heading, int headingLength, byte[] text) {
        Diction diction = writer.diction();
        for (int anchor = 0; anchor < count; anchor++) {
            int followers = Math.min(WINDOW - 1, count - 1 - anchor);
            writer.reset();
            if (heading != null) {
                writer.put(heading, 0, headingLength).put((byte) '*');
            }
            writer.put(text, starts[anchor], ends[anchor]);
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
                        writer.put(text, starts[anchor + offset], ends[anchor + offset]);
                    } else {
                        writer.put((byte) '#');
                    }
                }
                diction.appendToStreamS(writer.emit());
            }
        }
    }
}
