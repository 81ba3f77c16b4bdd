package io.jamesdspam.engine.tool;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import io.jamesdspam.model.Signature;

/**
 * Finds the signature id a delivered message carries, for {@code train --source error FILE}: the
 * {@code X-DSPAM-Signature} header (signatureLocation=headers) or, failing that, the last
 * {@code !DSPAM:<id>!} tag of the text (signatureLocation=message), as docs/ENGINE-SPEC.md §8.4 describes
 * for the plain (undecoded) case. The id is the run of letters, digits and commas after the marker.
 */
final class MessageSignature {
    private static final String HEADER = "x-dspam-signature:";
    private static final String TAG = "!DSPAM:";

    private MessageSignature() {
    }

    static Optional<Signature> find(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        Optional<Signature> header = fromHeader(text);
        if (header.isPresent()) {
            return header;
        }
        int tag = text.lastIndexOf(TAG);
        return tag < 0 ? Optional.empty() : idAt(text, tag + TAG.length());
    }

    private static Optional<Signature> fromHeader(String text) {
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            if (line.isEmpty() || line.equals("\r")) {
                return Optional.empty();
            }
            if (line.toLowerCase(Locale.ROOT).startsWith(HEADER)) {
                String value = line.substring(HEADER.length()).trim();
                if (value.startsWith(TAG)) {
                    return idAt(value, TAG.length());
                }
                return idAt(value, 0);
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    private static Optional<Signature> idAt(String text, int from) {
        int end = from;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) && text.charAt(end) < 0x80
            || text.charAt(end) == ',')) {
            end++;
        }
        return Signature.parse(text.substring(from, end));
    }
}
