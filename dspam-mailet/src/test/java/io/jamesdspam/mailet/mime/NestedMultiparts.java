package io.jamesdspam.mailet.mime;

import java.nio.charset.StandardCharsets;

/** Test messages whose multiparts nest a given number of levels, each closed, text innermost. */
public final class NestedMultiparts {
    private NestedMultiparts() {
    }

    public static byte[] of(int depth) {
        StringBuilder message = new StringBuilder("Subject: deep\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"n0\"\r\n\r\n");
        for (int level = 1; level < depth; level++) {
            message.append("--n").append(level - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"n")
                .append(level).append("\"\r\n\r\n");
        }
        message.append("--n").append(depth - 1).append("\r\nContent-Type: text/plain\r\n\r\nhello\r\n");
        for (int level = depth - 1; level >= 0; level--) {
            message.append("--n").append(level).append("--\r\n");
        }
        return message.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
