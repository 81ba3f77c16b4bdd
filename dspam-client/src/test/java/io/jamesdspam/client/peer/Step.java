package io.jamesdspam.client.peer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One event of a scripted DLMTP session, seen from the server. */
public final class Step {
    public enum Type {
        /** The peer writes these bytes. */
        SEND,
        /** The peer reads one line and expects exactly these bytes (line ending included). */
        EXPECT,
        /** The peer reads and discards lines until the next EXPECT line arrives (truncated records). */
        SKIP,
        /** The peer closes the connection. */
        CLOSE
    }

    private final Type type;
    private final byte[] bytes;

    private Step(Type type, byte[] bytes) {
        this.type = type;
        this.bytes = bytes;
    }

    public static Step send(byte[] bytes) {
        return new Step(Type.SEND, bytes);
    }

    public static Step send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Step expect(byte[] bytes) {
        return new Step(Type.EXPECT, bytes);
    }

    public static Step expect(String text) {
        return expect(text.getBytes(StandardCharsets.UTF_8));
    }

    public static Step skip() {
        return new Step(Type.SKIP, new byte[0]);
    }

    public static Step close() {
        return new Step(Type.CLOSE, new byte[0]);
    }

    public Type type() {
        return type;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public boolean isExpect(String text) {
        return type == Type.EXPECT && text().equals(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Step && ((Step) o).type == type && Arrays.equals(((Step) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return type + " " + Script.visible(bytes);
    }
}
