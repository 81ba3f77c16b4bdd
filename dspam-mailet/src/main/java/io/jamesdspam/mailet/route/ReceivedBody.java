package io.jamesdspam.mailet.route;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A DSPAM route's request body as {@link BodyGuard} received it: all of it read off the
 * connection, at most a limit of it kept (in memory, or for a corpus in a temporary file), so that
 * the client always gets the route's answer and memory never holds more than the limit.
 */
final class ReceivedBody {
    /** Bytes read off the connection at a time (also by {@link RequestBodies#discardRest}). */
    static final int CHUNK = 64 * 1024;

    private final byte[] bytes;
    private final Path file;
    private final long size;
    private final long limit;
    private boolean fileTaken;

    private ReceivedBody(byte[] bytes, Path file, long size, long limit) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.limit = limit;
    }

    /** Reads {@code in} to its end, keeping it in memory when it has at most {@code limit} bytes. */
    static ReceivedBody inMemory(InputStream in, long declaredSize, long limit) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(declaredSize > 0 && declaredSize <= Math.min(limit, CHUNK)
            ? (int) declaredSize : CHUNK);
        long size = drain(in, declaredSize > limit ? OutputStream.nullOutputStream() : kept, limit);
        return new ReceivedBody(size > limit ? null : kept.toByteArray(), null, size, limit);
    }

    /** Reads {@code in} to its end into {@code file} (deleted again when the body has more than {@code limit} bytes). */
    static ReceivedBody spooled(InputStream in, long declaredSize, long limit, Path file) throws IOException {
        long size;
        try (OutputStream out = Files.newOutputStream(file)) {
            size = drain(in, declaredSize > limit ? OutputStream.nullOutputStream() : out, limit);
        }
        if (size > limit) {
            Files.deleteIfExists(file);
            return new ReceivedBody(null, null, size, limit);
        }
        return new ReceivedBody(null, file, size, limit);
    }

    /** Copies at most {@code limit} bytes to {@code out} and reads (and drops) the rest; all the bytes read. */
    private static long drain(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long size = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            if (size + read <= limit) {
                out.write(buffer, 0, read);
            }
            size += read;
        }
        return size;
    }

    /** Every byte the client sent, also those past the limit. */
    long size() {
        return size;
    }

    /** Whether the body had more bytes than {@code limit} (it is then not kept, only counted). */
    boolean isLargerThan(long limit) {
        return size > Math.min(limit, this.limit);
    }

    /** The body's bytes, when it was read into memory and not larger than its limit. */
    Optional<byte[]> bytes() {
        return Optional.ofNullable(bytes);
    }

    /** The spooled file, handed to the caller, who deletes it from now on; empty when not spooled. */
    synchronized Optional<Path> takeFile() {
        if (file == null || fileTaken) {
            return Optional.empty();
        }
        fileTaken = true;
        return Optional.of(file);
    }

    /** Deletes the spooled file unless it was taken (the request is over). */
    synchronized void release() {
        if (file != null && !fileTaken) {
            RequestBodies.deleteQuietly(file);
        }
    }
}
