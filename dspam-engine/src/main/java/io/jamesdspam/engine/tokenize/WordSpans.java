package io.jamesdspam.engine.tokenize;

import java.util.Arrays;

/**
 * The words of one text under a delimiter set, as offsets: the SBPH/OSB split (§2.4) of a header
 * line or of BODY. Words longer than {@link WordChainSequencer#MAX_TOKEN_LENGTH} bytes are
 * skipped. Reused from text to text by one thread.
 */
final class WordSpans {
    private int[] starts = new int[256];
    private int[] ends = new int[256];
    private int count;

    void split(byte[] text, int from, int to, Delimiters delimiters) {
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
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = start;
                ends[count] = i;
                count++;
            }
        }
    }

    int count() {
        return count;
    }

    int start(int word) {
        return starts[word];
    }

    int end(int word) {
        return ends[word];
    }
}
