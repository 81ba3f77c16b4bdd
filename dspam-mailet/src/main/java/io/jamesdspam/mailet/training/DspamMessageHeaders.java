package io.jamesdspam.mailet.training;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.jamesdspam.mailet.classify.InboundHeaders;
import io.jamesdspam.mailet.classify.VerdictHeaders;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

/**
 * The X-DSPAM-* headers of a stored message, read from its raw bytes. In a mailbox these headers
 * were written by the Dspam mailet, which removes inbound ones first; the only thing taken from
 * them is the signature and verdict of the mailbox owner's own dictionary, never a user name.
 *
 * <p>Works on bytes so that the body reaches DSPAM exactly as stored.
 */
public final class DspamMessageHeaders {
    public static final String SIGNATURE_HEADER = VerdictHeaders.SIGNATURE;
    public static final String RESULT_HEADER = VerdictHeaders.RESULT;
    private static final String DSPAM_PREFIX = InboundHeaders.DSPAM_HEADER_PREFIX;

    /** One unfolded header field with the raw bytes it occupied. */
    private static final class Field {
        final String name;
        final String value;
        final byte[] raw;

        Field(String name, String value, byte[] raw) {
            this.name = name;
            this.value = value;
            this.raw = raw;
        }
    }

    private final List<Field> fields;
    private final byte[] body;

    private DspamMessageHeaders(List<Field> fields, byte[] body) {
        this.fields = fields;
        this.body = body;
    }

    public static DspamMessageHeaders parse(byte[] message) {
        int headerEnd = headerEnd(message);
        List<Field> fields = new ArrayList<>();
        int position = 0;
        while (position < headerEnd) {
            int fieldEnd = position;
            do {
                fieldEnd = lineEnd(message, fieldEnd, headerEnd);
            } while (fieldEnd < headerEnd && (message[fieldEnd] == ' ' || message[fieldEnd] == '\t'));
            fields.add(field(message, position, fieldEnd));
            position = fieldEnd;
        }
        byte[] body = new byte[message.length - headerEnd];
        System.arraycopy(message, headerEnd, body, 0, body.length);
        return new DspamMessageHeaders(fields, body);
    }

    /** The signature of the first {@code X-DSPAM-Signature} header that holds a valid one. */
    public Optional<Signature> signature() {
        return values(SIGNATURE_HEADER).stream()
            .map(Signature::parse)
            .flatMap(Optional::stream)
            .findFirst();
    }

    /**
     * The class DSPAM gave the message when it was delivered, from {@code X-DSPAM-Result}
     * ({@code Spam, probability=...} as the mailet writes it, or a bare class name).
     */
    public Optional<TrainingClass> deliveredVerdict() {
        return values(RESULT_HEADER).stream()
            .findFirst()
            .flatMap(DspamMessageHeaders::verdictOf);
    }

    private static Optional<TrainingClass> verdictOf(String value) {
        String first = value.split("[,;]", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (first) {
            case "spam":
            case "virus":
            case "blocklisted":
            case "blacklisted":
                return Optional.of(TrainingClass.SPAM);
            case "innocent":
            case "whitelisted":
                return Optional.of(TrainingClass.INNOCENT);
            default:
                return Optional.empty();
        }
    }

    /**
     * The message without any X-DSPAM-* header: what is trained as a whole message, so that no
     * header added at delivery (or forged before it) can steer training.
     */
    public byte[] withoutDspamHeaders() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Field field : fields) {
            if (!field.name.toLowerCase(Locale.ROOT).startsWith(DSPAM_PREFIX)) {
                out.writeBytes(field.raw);
            }
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private List<String> values(String headerName) {
        List<String> values = new ArrayList<>();
        for (Field field : fields) {
            if (field.name.equalsIgnoreCase(headerName)) {
                values.add(field.value);
            }
        }
        return values;
    }

    private static Field field(byte[] message, int start, int end) {
        byte[] raw = new byte[end - start];
        System.arraycopy(message, start, raw, 0, raw.length);
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new Field("", "", raw);
        }
        String value = text.substring(colon + 1).replaceAll("\r?\n[ \t]", " ").trim();
        return new Field(text.substring(0, colon).trim(), value, raw);
    }

    /** Index just after the line that starts at {@code position} (its LF included). */
    private static int lineEnd(byte[] message, int position, int limit) {
        int index = position;
        while (index < limit && message[index] != '\n') {
            index++;
        }
        return Math.min(index + 1, limit);
    }

    /** Index of the empty line that ends the header section (kept with the body). */
    private static int headerEnd(byte[] message) {
        int lineStart = 0;
        while (lineStart < message.length) {
            boolean emptyLine = message[lineStart] == '\n'
                || (message[lineStart] == '\r' && lineStart + 1 < message.length && message[lineStart + 1] == '\n');
            if (emptyLine) {
                return lineStart;
            }
            lineStart = lineEnd(message, lineStart, message.length);
        }
        return message.length;
    }
}
