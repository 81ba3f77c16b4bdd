package io.jamesdspam.engine.server;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte-level DLMTP peer for tests: sends exactly what it is given and reads the server's
 * lines with their terminators, so that CRLF versus bare LF can be asserted.
 */
final class RawClient implements Closeable {
    private final SocketChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    private RawClient(SocketChannel channel) {
        this.channel = channel;
        buffer.flip();
    }

    static RawClient connect(DlmtpServer server) throws IOException {
        if (server.unixSocketPath().isPresent()) {
            return new RawClient(UnixDomainSockets.connect(server.unixSocketPath().get()));
        }
        InetSocketAddress address = server.tcpAddress().orElseThrow();
        return new RawClient(SocketChannel.open(new InetSocketAddress("127.0.0.1", address.getPort())));
    }

    RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            channel.write(out);
        }
        return this;
    }

    /** The next line with its terminator; {@code null} at end of stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (!buffer.hasRemaining()) {
                buffer.clear();
                int read = channel.read(buffer);
                buffer.flip();
                if (read < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
                }
            }
            byte b = buffer.get();
            line.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
        }
    }

    /** Lines up to and including the payload terminator {@code .<CR><LF>}. */
    List<String> readPayload() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            if (line == null) {
                throw new IOException("Connection closed inside the payload after " + lines);
            }
            lines.add(line);
        } while (!line.equals(".\r\n"));
        return lines;
    }

    /** Reads the banner and answers LHLO, leaving the connection in the MAIL phase. */
    RawClient greet() throws IOException {
        readLine();
        send("LHLO james\r\n");
        for (int i = 0; i < 6; i++) {
            readLine();
        }
        return this;
    }

    /** Whether the server has closed the connection (reads to the end of the stream). */
    boolean isClosedByServer() throws IOException {
        try {
            return readLine() == null;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
