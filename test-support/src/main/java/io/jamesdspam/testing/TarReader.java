package io.jamesdspam.testing;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Extracts a POSIX (ustar) or GNU tar stream: regular files and directories, with ustar name
 * prefixes and GNU long names. Enough for the corpus archive, and free of the commons-compress /
 * commons-io version clash with James's own class path.
 */
final class TarReader {
    private static final int BLOCK = 512;

    private TarReader() {
    }

    static void extract(InputStream tar, Path target) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (true) {
            if (!readBlock(tar, header)) {
                return;
            }
            if (isZeroBlock(header)) {
                return;
            }
            String name = longName != null ? longName : name(header);
            longName = null;
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            if (type == 'L') {
                byte[] data = readData(tar, size);
                longName = cString(data, 0, data.length);
                continue;
            }
            Path destination = target.resolve(name).normalize();
            if (!destination.startsWith(target)) {
                throw new IOException("Archive entry escapes the target directory: " + name);
            }
            if (type == '5') {
                Files.createDirectories(destination);
                skipData(tar, size);
            } else if (type == '0' || type == 0) {
                Files.createDirectories(destination.getParent());
                try (OutputStream out = Files.newOutputStream(destination)) {
                    copy(tar, out, size);
                }
                skipPadding(tar, size);
            } else {
                skipData(tar, size);
            }
        }
    }

    private static String name(byte[] header) {
        String name = cString(header, 0, 100);
        String magic = cString(header, 257, 6);
        if (magic.startsWith("ustar")) {
            String prefix = cString(header, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static String cString(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '7') {
                value = value * 8 + (b - '0');
            } else if (b == 0 || b == ' ') {
                if (value > 0) {
                    break;
                }
            }
        }
        return value;
    }

    private static boolean isZeroBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        int read = in.readNBytes(block, 0, BLOCK);
        if (read == 0) {
            return false;
        }
        if (read < BLOCK) {
            throw new EOFException("Truncated tar header");
        }
        return true;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        byte[] data = in.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("Truncated tar entry");
        }
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[8192];
        long remaining = size;
        while (remaining > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new EOFException("Truncated tar entry");
            }
            out.write(buffer, 0, read);
            remaining -= read;
        }
    }

    private static void skipData(InputStream in, long size) throws IOException {
        skipFully(in, size);
        skipPadding(in, size);
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        skipFully(in, padding);
    }

    private static void skipFully(InputStream in, long count) throws IOException {
        long remaining = count;
        while (remaining > 0) {
            long skipped = in.skip(remaining);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("Truncated tar stream");
                }
                skipped = 1;
            }
            remaining -= skipped;
        }
    }
}
