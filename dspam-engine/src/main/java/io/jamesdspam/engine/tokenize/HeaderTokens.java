package io.jamesdspam.engine.tokenize;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.jamesdspam.engine.message.AsciiBytes;

/**
 * Header lines and headings (§2.1.4) and the whitelist token (§2.1.6): HEADERS is read line by
 * line; a line whose first field (up to its first {@code :}) is a plain word opens a new
 * heading, any other line continues the current heading with its text up to its first
 * {@code :} only. {@code X-DSPAM-*} and {@code IgnoreHeader} headings make no tokens but still
 * yield the whitelist token.
 */
final class HeaderTokens {
    static final int MAX_HEADING = 127;
    private static final byte[] X_DSPAM = "X-DSPAM-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM = "From".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM_PREFIX = "From*".getBytes(StandardCharsets.US_ASCII);

    private final List<String> ignoreHeaders;
    private final boolean whitelist;
    private final byte[] heading = new byte[MAX_HEADING];
    private int headingLength;
    private String whitelistToken;

    HeaderTokens(List<String> ignoreHeaders, boolean whitelist) {
        this.ignoreHeaders = ignoreHeaders;
        this.whitelist = whitelist;
    }

    String whitelistToken() {
        return whitelistToken;
    }

    void tokenize(byte[] headers, int length, TokenSequencer sequencer, TokenWriter writer) {
        int lineStart = 0;
        while (lineStart < length) {
            int lineEnd = AsciiBytes.indexOf(headers, lineStart, length, '\n');
            if (lineEnd < 0) {
                lineEnd = length;
            }
            if (lineEnd > lineStart) {
                line(headers, lineStart, lineEnd, sequencer, writer);
            }
            lineStart = lineEnd + 1;
        }
    }

    private void line(byte[] text, int from, int to, TokenSequencer sequencer, TokenWriter writer) {
        int fieldStart = from;
        while (fieldStart < to && text[fieldStart] == ':') {
            fieldStart++;
        }
        int q = AsciiBytes.indexOf(text, fieldStart, to, ':');
        int fieldEnd = q < 0 ? to : q;
        int tokensFrom;
        int tokensTo;
        if (fieldEnd > fieldStart && text[fieldStart] != ' ' && text[fieldStart] != '\t'
            && AsciiBytes.indexOf(text, fieldStart, fieldEnd, ' ') < 0) {
            headingLength = Math.min(fieldEnd - fieldStart, MAX_HEADING);
            System.arraycopy(text, fieldStart, heading, 0, headingLength);
            tokensFrom = q < 0 ? to : q + 1;
            tokensTo = to;
        } else {
            tokensFrom = from;
            tokensTo = fieldEnd;
        }
        if (whitelist && headingIs(FROM)) {
            whitelistLine(text, from, to, q, writer);
        }
        if (!ignored()) {
            sequencer.headerLine(heading, headingLength, text, tokensFrom, tokensTo);
        }
    }

    /** {@code From*} + the line from offset 5, cut at the first {@code :} if that lies at or after offset 5, one leading space dropped. */
    private void whitelistLine(byte[] text, int from, int to, int q, TokenWriter writer) {
        int valueFrom = from + 5;
        int valueTo = q >= valueFrom ? q : to;
        if (valueFrom >= valueTo) {
            valueFrom = valueTo;
        } else if (text[valueFrom] == ' ') {
            valueFrom++;
        }
        writer.reset().put(FROM_PREFIX, 0, FROM_PREFIX.length).put(text, valueFrom, Math.max(valueFrom, valueTo));
        int nameLength = Math.min(writer.length(), TokenWriter.MAX_NAME);
        writer.emit();
        whitelistToken = writer.latin1(nameLength);
    }

    private boolean headingIs(byte[] name) {
        if (headingLength != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (heading[i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean ignored() {
        if (AsciiBytes.startsWith(heading, 0, headingLength, X_DSPAM)) {
            return true;
        }
        for (String ignore : ignoreHeaders) {
            if (ignore.length() == headingLength && AsciiBytes.startsWithIgnoreCase(heading, 0, headingLength, ignore)) {
                return true;
            }
        }
        return false;
    }
}
