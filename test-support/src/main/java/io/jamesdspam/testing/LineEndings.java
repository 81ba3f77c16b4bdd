package io.jamesdspam.testing;

import java.io.ByteArrayOutputStream;

/** Line-ending conversion for test messages. */
public final class LineEndings {
    private LineEndings() {
    }

    /** Every LF, CRLF or lone CR becomes CRLF. */
    public static byte[] toCrlf(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 20 + 16);
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
