package io.jamesdspam.client.peer;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.jamesdspam.client.DlmtpEndpoint;

/**
 * A DLMTP peer that plays the server side of scripts, one script per accepted connection in
 * order, on a real TCP or UNIX domain socket, and records every byte the client sent that the
 * script did not expect. It plays bytes, not a protocol: whatever the client sends is compared
 * line by line with the recorded client lines.
 */
public final class ScriptedDlmtpPeer implements AutoCloseable {
    private final ServerSocketChannel server;
    private final DlmtpEndpoint endpoint;
    private final List<Script> scripts;
    private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
    private final List<SocketChannel> accepted = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch finished;
    private final boolean everyConnection;
    private final Thread acceptor;
    private final Path socketFile;

    private ScriptedDlmtpPeer(ServerSocketChannel server, DlmtpEndpoint endpoint, Path socketFile, List<Script> scripts) {
        this(server, endpoint, socketFile, scripts, false);
    }

    private ScriptedDlmtpPeer(ServerSocketChannel server, DlmtpEndpoint endpoint, Path socketFile, List<Script> scripts,
                              boolean everyConnection) {
        this.everyConnection = everyConnection;
        this.server = server;
        this.endpoint = endpoint;
        this.socketFile = socketFile;
        this.scripts = List.copyOf(scripts);
        this.finished = new CountDownLatch(everyConnection ? 0 : scripts.size());
        this.acceptor = new Thread(this::acceptLoop, "scripted-dlmtp-peer");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** A peer on 127.0.0.1, an ephemeral port. */
    public static ScriptedDlmtpPeer tcp(List<Script> scripts) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new ScriptedDlmtpPeer(server, DlmtpEndpoint.tcp("127.0.0.1", port), null, scripts);
    }

    /** A peer on 127.0.0.1 that plays {@code script} on every connection, however many. */
    public static ScriptedDlmtpPeer tcpForEveryConnection(Script script) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        return new ScriptedDlmtpPeer(server, DlmtpEndpoint.tcp("127.0.0.1", port), null, List.of(script), true);
    }

    public static ScriptedDlmtpPeer tcp(Script... scripts) throws IOException {
        return tcp(List.of(scripts));
    }

    /** A peer on a UNIX domain socket in {@code directory}. */
    public static ScriptedDlmtpPeer unixSocket(Path directory, List<Script> scripts) throws IOException {
        Path socket = directory.resolve("dspam.sock");
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new ScriptedDlmtpPeer(server, DlmtpEndpoint.unixSocket(socket), socket, scripts);
    }

    public DlmtpEndpoint endpoint() {
        return endpoint;
    }

    private void acceptLoop() {
        int index = 0;
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                return;
            }
            accepted.add(channel);
            if (index >= scripts.size() && !everyConnection) {
                mismatches.add("connection #" + (index + 1) + " was not expected (" + scripts.size() + " scripted)");
                closeQuietly(channel);
                index++;
                continue;
            }
            Script script = scripts.get(everyConnection ? 0 : index);
            int number = ++index;
            Thread session = new Thread(() -> play(number, script, channel), "scripted-dlmtp-session-" + number);
            session.setDaemon(true);
            session.start();
        }
    }

    private void play(int number, Script script, SocketChannel channel) {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            OutputStream out = Channels.newOutputStream(channel);
            List<Step> steps = script.steps();
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                switch (step.type()) {
                    case SEND:
                        out.write(step.bytes());
                        out.flush();
                        break;
                    case EXPECT: {
                        byte[] line = readLine(in);
                        if (!Arrays.equals(line, step.bytes())) {
                            mismatches.add("connection #" + number + ", step " + (i + 1) + ": expected "
                                + Script.visible(step.bytes()) + " but the client sent "
                                + (line == null ? "nothing (closed)" : Script.visible(line)));
                            return;
                        }
                        break;
                    }
                    case SKIP: {
                        Step next = steps.get(i + 1);
                        byte[] line;
                        do {
                            line = readLine(in);
                        } while (line != null && !Arrays.equals(line, next.bytes()));
                        if (line == null) {
                            mismatches.add("connection #" + number + ": closed while skipping to " + next);
                            return;
                        }
                        i++;
                        break;
                    }
                    case CLOSE:
                        return;
                    default:
                        throw new IllegalStateException(step.toString());
                }
            }
            if (!script.loop().isEmpty()) {
                playLoop(number, script.loop(), in, out);
            } else if (script.isStrictEnd()) {
                byte[] extra = readLine(in);
                if (extra != null) {
                    mismatches.add("connection #" + number + ": the client sent more than scripted: " + Script.visible(extra));
                }
            } else {
                try {
                    while (readLine(in) != null) {
                        // what the client says after the scripted part does not matter here
                    }
                } catch (IOException e) {
                    // a client discarding the session may reset it: equally the end
                }
            }
        } catch (IOException e) {
            mismatches.add("connection #" + number + ": " + e);
        } finally {
            finished.countDown();
        }
    }

    private void playLoop(int number, List<Step> loop, InputStream in, OutputStream out) throws IOException {
        while (true) {
            for (int i = 0; i < loop.size(); i++) {
                Step step = loop.get(i);
                if (step.type() == Step.Type.SEND) {
                    out.write(step.bytes());
                    out.flush();
                    continue;
                }
                byte[] line = readLine(in);
                if (step.type() == Step.Type.SKIP) {
                    byte[] next = loop.get(++i).bytes();
                    while (line != null && !Arrays.equals(line, next)) {
                        line = readLine(in);
                    }
                    if (line == null) {
                        mismatches.add("connection #" + number + ": closed inside a looped transaction");
                        return;
                    }
                    continue;
                }
                if (i == 0 && (line == null || Arrays.equals(line, "QUIT\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
                    if (line != null) {
                        out.write("221 2.0.0 OK\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    return;
                }
                if (!Arrays.equals(line, step.bytes())) {
                    mismatches.add("connection #" + number + ", looped step " + (i + 1) + ": expected "
                        + Script.visible(step.bytes()) + " but the client sent "
                        + (line == null ? "nothing (closed)" : Script.visible(line)));
                    return;
                }
            }
        }
    }

    /** One line including its LF; the partial rest or null at end of stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    /** Waits until every scripted connection has been played to its end (or failed). */
    public boolean awaitScripts(long timeout, TimeUnit unit) throws InterruptedException {
        return finished.await(timeout, unit);
    }

    /** Every difference between what the client sent and the script. */
    public List<String> mismatches() {
        synchronized (mismatches) {
            return List.copyOf(mismatches);
        }
    }

    public int connectionsAccepted() {
        return accepted.size();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (accepted) {
            accepted.forEach(ScriptedDlmtpPeer::closeQuietly);
        }
        if (socketFile != null) {
            Files.deleteIfExists(socketFile);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a test socket
        }
    }
}
