package io.jamesdspam.engine.tokenize;

import java.util.Arrays;

import io.jamesdspam.engine.message.AsciiBytes;

/**
 * {@code ProcessorURLContext on} (§2.1.5): BODY is scanned for {@code http://}, {@code www.} and
 * {@code href=} (in that order, case-insensitive); each URL extent gives {@code Url*piece} tokens
 * (pieces split with the body delimiters, no length filter, no {@code !} truncation) and is then
 * blanked so that neither the later scans nor the body tokenizer see it again.
 */
final class UrlContextTokens {
    private static final String[] KEYS = {"http://", "www.", "href="};
    private static final byte[] PREFIX = {'U', 'r', 'l', '*'};

    private UrlContextTokens() {
    }

    static void extract(byte[] body, int length, TokenWriter writer) {
        for (String key : KEYS) {
            int keyLength = key.length();
            int i = 0;
            while (true) {
                int start = AsciiBytes.indexOfIgnoreCase(body, i, length, key);
                if (start < 0) {
                    break;
                }
                int end = start;
                while (end < length && continuesUrl(body[end], end - start, keyLength)) {
                    end++;
                }
                pieces(body, start, end, writer);
                Arrays.fill(body, start, end, (byte) ' ');
                i = end;
            }
        }
    }

    private static boolean continuesUrl(byte b, int offset, int keyLength) {
        int c = b & 0xFF;
        if (c <= 0x20 || c >= 0x80 || c == '>') {
            return false;
        }
        return (c != '"' && c != '\'') || offset <= keyLength;
    }

    private static void pieces(byte[] body, int from, int to, TokenWriter writer) {
        int i = from;
        while (i < to) {
            while (i < to && Delimiters.BODY.isDelimiter(body[i])) {
                i++;
            }
            int start = i;
            while (i < to && !Delimiters.BODY.isDelimiter(body[i])) {
                i++;
            }
            if (i > start) {
                writer.reset().put(PREFIX, 0, PREFIX.length).put(body, start, i).emit();
            }
        }
    }
}
