package io.jamesdspam.mailet.route;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.PAYLOAD_TOO_LARGE_413;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.apache.james.webadmin.utils.ErrorResponder;
import spark.Request;

/**
 * The bodies of the DSPAM routes, as {@link BodyGuard} received them (whatever their content type),
 * checked against each route's limit (413 past it).
 */
final class RequestBodies {
    /** Longest preference value accepted (DSPAM's own values are words, numbers or a subject tag). */
    static final int MAX_VALUE_BYTES = 1024;

    private final RouteLimits limits;

    RequestBodies(RouteLimits limits) {
        this.limits = limits;
    }

    /** One message, in memory; 400 when empty, 413 over {@link RouteLimits#maxMessageSize()}. */
    byte[] message(Request request) {
        return optionalMessage(request).orElseThrow(() ->
            halt(BAD_REQUEST_400, "The request body must hold the message to train"));
    }

    /** One message, in memory, or empty for an empty body (routes that also take a signature); 413 as {@link #message}. */
    Optional<byte[]> optionalMessage(Request request) {
        return bytes(request, limits.maxMessageSize(), "message");
    }

    /**
     * A preference value: the body as UTF-8 text, trimmed, one line of at most
     * {@link #MAX_VALUE_BYTES}; a JSON string ({@code "TOE"}) is taken without its quotes. 400 when
     * empty or when it holds a line break or another control character (a value is one line of
     * DSPAM's {@code .prefs} format), 413 over the limit.
     */
    String preferenceValue(Request request) {
        String value = bytes(request, MAX_VALUE_BYTES, "preference value")
            .map(bytes -> new String(bytes, StandardCharsets.UTF_8).trim()).orElse("");
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).trim();
        }
        if (value.isEmpty()) {
            throw halt(BAD_REQUEST_400, "The request body must hold the preference's value (to unset it, use DELETE)");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw halt(BAD_REQUEST_400, "A preference value is one line: no line break or other control character");
        }
        return value;
    }

    /**
     * A corpus, spooled to a temporary file by {@link BodyGuard} (the caller owns it from now on);
     * 400 when empty, 413 over {@link RouteLimits#maxCorpusSize()}.
     */
    Path spool(Request request) {
        ReceivedBody body = BodyGuard.received(request).orElseThrow(() ->
            halt(BAD_REQUEST_400, "The request body must hold the corpus (mbox) to train"));
        if (body.isLargerThan(limits.maxCorpusSize())) {
            throw tooLarge("corpus", limits.maxCorpusSize());
        }
        if (body.size() == 0) {
            throw halt(BAD_REQUEST_400, "The request body must hold the corpus (mbox) to train");
        }
        return body.takeFile().orElseThrow(() -> halt(BAD_REQUEST_400, "The corpus was sent to another route"));
    }

    private static Optional<byte[]> bytes(Request request, long limit, String what) {
        Optional<ReceivedBody> body = BodyGuard.received(request);
        if (body.isEmpty() || body.get().size() == 0) {
            return Optional.empty();
        }
        if (body.get().isLargerThan(limit)) {
            throw tooLarge(what, limit);
        }
        return Optional.of(body.get().bytes().orElseThrow(() -> halt(BAD_REQUEST_400, "The " + what + " could not be read")));
    }

    static boolean isForm(String contentType) {
        return contentType != null
            && contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    /**
     * Reads what is left of a refused body (up to {@code most} bytes) before the answer goes out.
     * Jetty closes a connection whose body was not read; a client still sending then gets a reset
     * instead of the answer (seen with a 250,000-byte form), and the advice is lost.
     */
    static void discardRest(HttpServletRequest request, long most) {
        byte[] buffer = new byte[ReceivedBody.CHUNK];
        long left = most;
        try {
            InputStream in = request.getInputStream();
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException | RuntimeException e) {
            // Nothing more can be read (Jetty gave up on the body already): the answer goes out as it is
        }
    }

    static final String FORM_ADVICE = "A mail cannot be sent as a form (Content-Type application/x-www-form-urlencoded,"
        + " curl's default for --data-binary) on this James: it parses form bodies before any route runs. Send it with"
        + " -H 'Content-Type: message/rfc822' (an mbox corpus: application/mbox), or use james-dspam-admin";

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file: the operating system's tmp cleaning gets it eventually
        }
    }

    private static RuntimeException tooLarge(String what, long limit) {
        return ErrorResponder.builder().statusCode(PAYLOAD_TOO_LARGE_413).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message("The " + what + " is larger than " + limit + " bytes" + (what.equals("corpus") ? " (dspam.properties: "
                + RouteLimits.MAX_CORPUS_SIZE + ")" : what.equals("message") ? " (dspam.properties: "
                + RouteLimits.MAX_MESSAGE_SIZE + ")" : ""))
            .haltError();
    }

    static RuntimeException halt(int status, String message) {
        return ErrorResponder.builder().statusCode(status).type(ErrorResponder.ErrorType.INVALID_ARGUMENT).message(message).haltError();
    }
}
