package io.jamesdspam.mailet.route;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.PAYLOAD_TOO_LARGE_413;
import static org.eclipse.jetty.http.HttpStatus.SERVICE_UNAVAILABLE_503;
import static org.eclipse.jetty.http.HttpStatus.UNSUPPORTED_MEDIA_TYPE_415;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.apache.james.webadmin.utils.ErrorResponder;
import spark.Request;

/**
 * Reads request bodies as bytes, never more than a limit (413 past it), and refuses form bodies.
 *
 * <p>Why forms are refused (415): James 3.8.1's WebAdmin logs every request before any route runs,
 * and asks for its parameters to do so; for a form content type ({@code curl --data-binary}'s
 * default) Jetty then parses the uploaded mail as a form, consuming it (and failing on 8-bit bytes,
 * a bad {@code %} escape or more than 200,000 bytes — see {@link DspamRoutes#define}). A plugin
 * cannot replace that logger (extension modules live in a child injector), so the mail must come
 * with another content type: {@code message/rfc822}, {@code application/mbox} or
 * {@code application/octet-stream}.
 */
final class RequestBodies {
    private static final int CHUNK = 64 * 1024;
    /** Longest preference value accepted (DSPAM's own values are words, numbers or a subject tag). */
    static final int MAX_VALUE_BYTES = 1024;

    private final RouteLimits limits;

    RequestBodies(RouteLimits limits) {
        this.limits = limits;
    }

    /** One message, in memory; 400 when empty, 413 over {@link RouteLimits#maxMessageSize()}, 415 for a form. */
    byte[] message(Request request) {
        return optionalMessage(request).orElseThrow(() ->
            halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT, "The request body must hold the message to train"));
    }

    /** One message, in memory, or empty for an empty body (routes that also take a signature); 413, 415 as {@link #message}. */
    Optional<byte[]> optionalMessage(Request request) {
        refuseForm(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(request, out, limits.maxMessageSize(), "message");
        return out.size() == 0 ? Optional.empty() : Optional.of(out.toByteArray());
    }

    /**
     * A preference value: the body as UTF-8 text, trimmed, one line of at most
     * {@link #MAX_VALUE_BYTES}; a JSON string ({@code "TOE"}) is taken without its quotes. 400 when
     * empty or when it holds a line break or another control character (a value is one line of
     * DSPAM's {@code .prefs} format), 413 over the limit, 415 for a form.
     */
    String preferenceValue(Request request) {
        refuseForm(request);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(request, out, MAX_VALUE_BYTES, "preference value");
        String value = out.toString(StandardCharsets.UTF_8).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).trim();
        }
        if (value.isEmpty()) {
            throw halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT,
                "The request body must hold the preference's value (to unset it, use DELETE)");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT,
                "A preference value is one line: no line break or other control character");
        }
        return value;
    }

    /** A corpus, spooled to a temporary file (the caller owns it); 413 over {@link RouteLimits#maxCorpusSize()}. */
    Path spool(Request request) {
        refuseForm(request);
        Path file;
        try {
            file = Files.createTempFile("dspam-corpus-", ".mbox");
        } catch (IOException e) {
            throw halt(SERVICE_UNAVAILABLE_503, ErrorResponder.ErrorType.SERVER_ERROR, "Cannot spool the corpus: " + e.getMessage());
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            long size = copy(request, out, limits.maxCorpusSize(), "corpus");
            if (size == 0) {
                throw halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT, "The request body must hold the corpus (mbox) to train");
            }
            return file;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw halt(SERVICE_UNAVAILABLE_503, ErrorResponder.ErrorType.SERVER_ERROR, "Cannot spool the corpus: " + e.getMessage());
        }
    }

    static boolean isForm(String contentType) {
        return contentType != null
            && contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    private void refuseForm(Request request) {
        if (isForm(request.contentType())) {
            discardRest(request);
            throw halt(UNSUPPORTED_MEDIA_TYPE_415, ErrorResponder.ErrorType.INVALID_ARGUMENT, FORM_ADVICE);
        }
    }

    /**
     * Reads what is left of a refused body (up to {@link RouteLimits#maxMessageSize()}) before the
     * answer goes out. Jetty closes a connection whose body was not read; a client still sending
     * then gets a reset instead of the answer (seen with a 250,000-byte form), and the advice is lost.
     */
    void discardRest(Request request) {
        byte[] buffer = new byte[CHUNK];
        long left = limits.maxMessageSize();
        try {
            InputStream in = request.raw().getInputStream();
            int read;
            while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= read;
            }
        } catch (IOException | RuntimeException e) {
            // Nothing more can be read (Jetty gave up on the body already): the answer goes out as it is
        }
    }

    static final String FORM_ADVICE = "A mail cannot be sent as a form (Content-Type application/x-www-form-urlencoded,"
        + " curl's default for --data-binary): James parses form bodies before any route runs. Send it with"
        + " -H 'Content-Type: message/rfc822' (an mbox corpus: application/mbox), or use james-dspam-admin";

    private static long copy(Request request, OutputStream out, long limit, String what) {
        long declared = request.raw().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(what, limit);
        }
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        try (InputStream in = request.raw().getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                total += read;
                if (total > limit) {
                    throw tooLarge(what, limit);
                }
                out.write(buffer, 0, read);
            }
        } catch (IOException e) {
            throw halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT, "The request body could not be read: " + e.getMessage());
        }
        return total;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file: the operating system's tmp cleaning gets it eventually
        }
    }

    private static RuntimeException tooLarge(String what, long limit) {
        return halt(PAYLOAD_TOO_LARGE_413, ErrorResponder.ErrorType.INVALID_ARGUMENT,
            "The " + what + " is larger than " + limit + " bytes" + (what.equals("corpus") ? " (dspam.properties: "
                + RouteLimits.MAX_CORPUS_SIZE + ")" : what.equals("message") ? " (dspam.properties: "
                + RouteLimits.MAX_MESSAGE_SIZE + ")" : ""));
    }

    private static RuntimeException halt(int status, ErrorResponder.ErrorType type, String message) {
        return ErrorResponder.builder().statusCode(status).type(type).message(message).haltError();
    }
}
