package io.jamesdspam.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Small hand-written messages for unit tests, each exercising one shape of mail: HTML spam,
 * multipart with attachment, base64 text, 8-bit body, broken MIME, plain ham.
 */
public enum SampleMessages {
    PLAIN_HAM("plain-ham.eml"),
    HTML_SPAM("html-spam.eml"),
    MULTIPART("multipart-attachment.eml"),
    BASE64_TEXT("base64-text.eml"),
    EIGHT_BIT("eight-bit.eml"),
    BROKEN_MIME("broken-mime.eml");

    private final String resource;

    SampleMessages(String resource) {
        this.resource = resource;
    }

    public String resourceName() {
        return "messages/" + resource;
    }

    /** The message bytes as written (LF line endings). */
    public byte[] bytes() {
        try (InputStream in = SampleMessages.class.getClassLoader().getResourceAsStream(resourceName())) {
            if (in == null) {
                throw new IllegalStateException("Missing test resource " + resourceName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] crlfBytes() {
        return LineEndings.toCrlf(bytes());
    }

    public static List<SampleMessages> all() {
        return List.of(values());
    }
}
