package io.jamesdspam.mailet.route;

import static org.eclipse.jetty.http.HttpStatus.BAD_REQUEST_400;
import static org.eclipse.jetty.http.HttpStatus.PAYLOAD_TOO_LARGE_413;
import static org.eclipse.jetty.http.HttpStatus.SERVICE_UNAVAILABLE_503;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.webadmin.utils.ErrorResponder;

import spark.Request;

/**
 * Reads request bodies from the raw servlet stream, whatever content type the client sent, and
 * never more than a limit: past it the request is refused with 413 before more is read. See
 * {@link QueryParameters} for why nothing here may touch the servlet's parameter API.
 */
final class RequestBodies {
    private static final int CHUNK = 64 * 1024;

    private final RouteLimits limits;

    RequestBodies(RouteLimits limits) {
        this.limits = limits;
    }

    /** One message, in memory; 400 when empty, 413 over {@link RouteLimits#maxMessageSize()}. */
    byte[] message(Request request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy(request, out, limits.maxMessageSize(), "message");
        if (out.size() == 0) {
            throw halt(BAD_REQUEST_400, ErrorResponder.ErrorType.INVALID_ARGUMENT, "The request body must hold the message to train");
        }
        return out.toByteArray();
    }

    /** A corpus, spooled to a temporary file (the caller owns it); 413 over {@link RouteLimits#maxCorpusSize()}. */
    Path spool(Request request) {
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
            "The " + what + " is larger than " + limit + " bytes (dspam.properties: "
                + (what.equals("corpus") ? RouteLimits.MAX_CORPUS_SIZE : RouteLimits.MAX_MESSAGE_SIZE) + ")");
    }

    private static RuntimeException halt(int status, ErrorResponder.ErrorType type, String message) {
        return ErrorResponder.builder().statusCode(status).type(type).message(message).haltError();
    }
}
