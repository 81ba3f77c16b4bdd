package io.jamesdspam.benchmarks.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.jamesdspam.client.MessageEncoder;

/**
 * One SMTP connection that sends many messages, one transaction after another, as a relay
 * delivering to the server would. Messages must already end their lines in CRLF; they are
 * dot-stuffed on the way (RFC 5321 §4.5.2).
 */
final class SmtpSession implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SmtpSession(int port) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        expect(220, reply());
        command("EHLO bench.example.net");
        expect(250, reply());
    }

    /** Sends one message to its recipients; true when the server accepted it (250 after the data). */
    boolean send(String sender, List<String> recipients, byte[] message) throws IOException {
        command("MAIL FROM:<" + sender + ">");
        expect(250, reply());
        for (String recipient : recipients) {
            command("RCPT TO:<" + recipient + ">");
            expect(250, reply());
        }
        command("DATA");
        expect(354, reply());
        out.write(MessageEncoder.encode(message));
        out.flush();
        String reply = reply();
        if (code(reply) != 250) {
            command("RSET");
            reply();
            return false;
        }
        return true;
    }

    private void command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The last line of a (possibly multi-line) reply. */
    private String reply() throws IOException {
        while (true) {
            String line = readLine();
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("The server closed the connection; last partial line: " + line);
    }

    private static int code(String reply) {
        try {
            return Integer.parseInt(reply.substring(0, 3));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void expect(int code, String reply) throws IOException {
        if (code(reply) != code) {
            throw new IOException("Expected " + code + ", got: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            command("QUIT");
            reply();
        } finally {
            socket.close();
        }
    }
}
