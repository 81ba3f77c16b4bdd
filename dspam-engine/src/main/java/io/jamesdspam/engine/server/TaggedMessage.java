package io.jamesdspam.engine.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.protocol.ProcessMode;

/**
 * The message copy dspamd returns with {@code --stdout} (docs/PROTOCOL.md §6.3): an
 * {@code X-Daemon-Classification} line, the original headers, DSPAM's headers appended after the
 * last one, the blank line and the body, every line ending in a bare LF and nothing dot-stuffed.
 * {@code X-DSPAM-Factors} is the engine's, from the result ({@code showFactors=on}), written last.
 * Existing {@code X-DSPAM-*} headers are kept, as dspamd keeps them (transcript 37): stripping
 * untrusted ones is the client's job before it sends the message.
 */
final class TaggedMessage {
    /** ctime(3): {@code Tue Nov 24 22:56:32 2026}, day of month padded with a space. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final double CONFIDENCE_CAP = 0.999999;

    private final boolean improbabilityDrive;

    TaggedMessage(boolean improbabilityDrive) {
        this.improbabilityDrive = improbabilityDrive;
    }

    /**
     * @param message the message as received, lines joined with LF (see {@link DlmtpServerSession})
     * @param now the processing time for {@code X-DSPAM-Processed}
     */
    byte[] render(DspamResult result, ProcessMode mode, byte[] message, ZonedDateTime now) {
        int bodyStart = bodyStart(message);
        int headerEnd = bodyStart < 0 ? message.length : bodyStart - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 512);
        line(out, "X-Daemon-Classification: " + (result.isSpam() ? "SPAM" : "INNOCENT"));
        out.write(message, 0, headerEnd);
        headers(result, mode, now).forEach((name, value) -> line(out, name + ": " + value));
        out.write('\n');
        if (bodyStart >= 0) {
            out.write(message, bodyStart, message.length - bodyStart);
        }
        return out.toByteArray();
    }

    private Map<String, String> headers(DspamResult result, ProcessMode mode, ZonedDateTime now) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (mode.isRetrain()) {
            // A reversed verdict only gets this header; the earlier X-DSPAM-* stay (transcript 36).
            headers.put("X-DSPAM-Reclassified", result.dspamClass().asString());
            return headers;
        }
        if (result.returnedHeaders().containsKey("X-DSPAM-Result")) {
            // A backend that wrote the copy's headers itself (a dspamd behind this server) is passed on as it is.
            return result.returnedHeaders();
        }
        headers.put("X-DSPAM-Result", result.dspamClass().asString());
        if (mode.isInbound()) {
            headers.put("X-DSPAM-Processed", CTIME.format(now));
        }
        headers.put("X-DSPAM-Confidence", DspamNumberFormat.confidence(result.confidence()));
        if (improbabilityDrive) {
            headers.put("X-DSPAM-Improbability", improbability(result));
        }
        headers.put("X-DSPAM-Probability", DspamNumberFormat.probability(result.probability()));
        result.signature().ifPresent(signature -> headers.put("X-DSPAM-Signature", signature.asString()));
        // The engine's own additions come last, as DSPAM writes them: X-DSPAM-Factors with showFactors=on.
        headers.putAll(result.returnedHeaders());
        return headers;
    }

    /** {@code 1 in N chance of being spam|ham}, N = round(1 + 100·c/(1−c)) with c capped below 1. */
    static String improbability(DspamResult result) {
        double c = Math.min(result.confidence(), CONFIDENCE_CAP);
        long odds = Math.round(1 + 100 * c / (1 - c));
        return "1 in " + odds + " chance of being " + (result.isSpam() ? "ham" : "spam");
    }

    /** Offset of the first body byte (after the first empty line), or -1 for a message without body. */
    private static int bodyStart(byte[] message) {
        if (message.length > 0 && message[0] == '\n') {
            return 1;
        }
        for (int i = 1; i < message.length; i++) {
            if (message[i] == '\n' && message[i - 1] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static void line(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        out.write('\n');
    }
}
