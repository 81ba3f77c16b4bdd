package io.jamesdspam.it.reliability.fuzz;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An SMTP client that sends a message's bytes as they are — NUL bytes, bare CRs, 8-bit, lines of
 * any length — only turning LF into CRLF and doubling leading dots as SMTP requires, and that
 * tells whether the server took responsibility for the mail ({@code 250} after DATA). A
 * connection the server closed is reopened for the next mail.
 */
final class RawSmtpSender implements Closeable {
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawSmtpSender(int port) {
        this.port = port;
    }

    /** The reply to the end of DATA, or the first refusal before it; "closed: ..." when the connection broke. */
    String send(String sender, List<String> recipients, byte[] message) {
        try {
            ensureConnected();
            String reply = command("MAIL FROM:<" + sender + ">");
            if (!reply.startsWith("250")) {
                return reply;
            }
            for (String recipient : recipients) {
                reply = command("RCPT TO:<" + recipient + ">");
                if (!reply.startsWith("250")) {
                    command("RSET");
                    return reply;
                }
            }
            reply = command("DATA");
            if (!reply.startsWith("354")) {
                return reply;
            }
            out.write(smtpData(message));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reply = readReply();
            if (!reply.startsWith("2")) {
                disconnect();
            }
            return reply;
        } catch (IOException e) {
            disconnect();
            return "closed: " + e;
        }
    }

    static boolean accepted(String reply) {
        return reply.startsWith("250");
    }

    private void ensureConnected() throws IOException {
        if (socket != null) {
            return;
        }
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(120_000);
        in = socket.getInputStream();
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        readReply();
        command("EHLO fuzzer.example.net");
    }

    private String command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    /** A whole (possibly multi-line) reply, its last line returned; "closed" at end of stream. */
    private String readReply() throws IOException {
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("the server closed the connection");
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** LF → CRLF (an existing CRLF kept), leading dots doubled, and a final CRLF. */
    static byte[] smtpData(byte[] message) {
        ByteArrayOutputStream data = new ByteArrayOutputStream(message.length + message.length / 20 + 8);
        boolean lineStart = true;
        byte previous = 0;
        for (byte b : message) {
            if (lineStart && b == '.') {
                data.write('.');
            }
            if (b == '\n' && previous != '\r') {
                data.write('\r');
            }
            data.write(b);
            lineStart = b == '\n';
            previous = b;
        }
        if (!lineStart) {
            data.write('\r');
            data.write('\n');
        }
        return data.toByteArray();
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
        socket = null;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                command("QUIT");
            } catch (IOException ignored) {
                // the server may already have gone
            }
        }
        disconnect();
    }
}
