package io.jamesdspam.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One row of the corpus manifest, with access to the message bytes as stored (LF line endings). */
public final class CorpusMessage {
    /** Manifest class of a corpus message. */
    public enum Kind {
        HAM, SPAM;

        static Kind parse(String value) {
            switch (value) {
                case "ham":
                    return HAM;
                case "spam":
                    return SPAM;
                default:
                    throw new IllegalArgumentException("Unknown corpus class '" + value + "'");
            }
        }
    }

    private final String path;
    private final Kind kind;
    private final String group;
    private final String id;
    private final long size;
    private final String sha256;
    private final int fold;
    private final String envelopeFrom;
    private final Path file;

    CorpusMessage(String path, Kind kind, String group, String id, long size, String sha256, int fold,
                  String envelopeFrom, Path file) {
        this.path = path;
        this.kind = kind;
        this.group = group;
        this.id = id;
        this.size = size;
        this.sha256 = sha256;
        this.fold = fold;
        this.envelopeFrom = envelopeFrom;
        this.file = file;
    }

    /** Path relative to the corpus root, e.g. {@code ham/easy-ham-1/00002.eml}: the reference files' key. */
    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isSpam() {
        return kind == Kind.SPAM;
    }

    public String group() {
        return group;
    }

    public String id() {
        return id;
    }

    public long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }

    public int fold() {
        return fold;
    }

    /** The mbox sender, usable as MAIL FROM; may be empty. */
    public String envelopeFrom() {
        return envelopeFrom;
    }

    public Path file() {
        return file;
    }

    /** The message exactly as stored. */
    public byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read corpus message " + file, e);
        }
    }

    /** The message with every line ending as CRLF, as SMTP and DLMTP want it (before dot-stuffing). */
    public byte[] crlfBytes() {
        return LineEndings.toCrlf(bytes());
    }

    @Override
    public String toString() {
        return path;
    }
}
