package io.jamesdspam.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.jamesdspam.client.DlmtpClient;
import io.jamesdspam.client.DlmtpClientConfiguration;
import io.jamesdspam.client.DlmtpEndpoint;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;

/**
 * DLMTP client round trips per second against a scripted dspamd peer on loopback, which answers
 * every transaction with a fixed summary line and, like dspamd, writes each reply line in two
 * {@code send()} calls on a socket without {@code TCP_NODELAY} (docs/PROTOCOL.md §1), so that the
 * latency effects pipelining and {@code TCP_QUICKACK} address are present. The peer does no
 * classification work: this measures the client and the wire, not DSPAM.
 *
 * <p>{@code baseline} = one connection, MAIL/RCPT/DATA sent one at a time; the others vary
 * pipelining, pool size (4 threads on a pool of 4) and transport (UNIX domain socket).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class DlmtpClientBenchmark {
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final byte[] MESSAGE = ("From: Alice Example <alice@example.org>\r\nTo: Bob Example <bob@example.net>\r\n"
        + "Subject: Lunch on Thursday\r\nDate: Mon, 23 Nov 2026 10:00:00 +0000\r\nMessage-ID: <ham-0001@example.org>\r\n\r\n"
        + "Hi Bob,\r\n\r\nare we still on for lunch on Thursday? The usual place at noon.\r\n\r\nCheers,\r\nAlice\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    private static final DspamRequest REQUEST = DspamRequest.classify(List.of(BOB), MESSAGE);

    private ScriptedPeer tcpPeer;
    private ScriptedPeer unixPeer;
    private DlmtpClient oneConnection;
    private DlmtpClient oneConnectionPipelined;
    private DlmtpClient poolOfFour;
    private DlmtpClient poolOfFourPipelined;
    private DlmtpClient unixSocketPipelined;

    @Setup(Level.Trial)
    public void start() throws IOException {
        tcpPeer = ScriptedPeer.tcp();
        unixPeer = ScriptedPeer.unixSocket(Files.createTempDirectory("dlmtp-bench").resolve("dspam.sock"));
        oneConnection = client(tcpPeer.endpoint, 1, false);
        oneConnectionPipelined = client(tcpPeer.endpoint, 1, true);
        poolOfFour = client(tcpPeer.endpoint, 4, false);
        poolOfFourPipelined = client(tcpPeer.endpoint, 4, true);
        unixSocketPipelined = client(unixPeer.endpoint, 1, true);
    }

    private static DlmtpClient client(DlmtpEndpoint endpoint, int poolSize, boolean pipelining) {
        return DlmtpClient.create(DlmtpClientConfiguration.builder()
            .endpoint(endpoint)
            .ident("james")
            .password("s3cret")
            .poolSize(poolSize)
            .pipelining(pipelining)
            .endMarker(DlmtpClientConfiguration.EndMarker.NEVER)
            .replyTimeout(Duration.ofSeconds(10))
            .build());
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        for (DlmtpClient client : List.of(oneConnection, oneConnectionPipelined, poolOfFour, poolOfFourPipelined,
            unixSocketPipelined)) {
            client.close();
        }
        tcpPeer.close();
        unixPeer.close();
    }

    @Benchmark
    public DspamResponse baseline() {
        return oneConnection.execute(REQUEST);
    }

    @Benchmark
    public DspamResponse oneConnectionPipelined() {
        return oneConnectionPipelined.execute(REQUEST);
    }

    @Benchmark
    @Threads(4)
    public DspamResponse poolOfFour() {
        return poolOfFour.execute(REQUEST);
    }

    @Benchmark
    @Threads(4)
    public DspamResponse poolOfFourPipelined() {
        return poolOfFourPipelined.execute(REQUEST);
    }

    @Benchmark
    public DspamResponse unixSocketPipelined() {
        return unixSocketPipelined.execute(REQUEST);
    }

    /**
     * Plays dspamd's side of a classification on every connection, forever: greeting, LHLO
     * reply, then per transaction 250 / 250 / 354 and one summary line after the message.
     */
    static final class ScriptedPeer implements AutoCloseable {
        private static final String SUMMARY = "X-DSPAM-Result: bob; result=\"Innocent\"; class=\"Innocent\";"
            + " probability=0.0000; confidence=0.89; signature=N/A\n";

        private final AutoCloseable server;
        private final DlmtpEndpoint endpoint;
        private final Path socketFile;

        private ScriptedPeer(AutoCloseable server, DlmtpEndpoint endpoint, Path socketFile) {
            this.server = server;
            this.endpoint = endpoint;
            this.socketFile = socketFile;
        }

        static ScriptedPeer tcp() throws IOException {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            ScriptedPeer peer = new ScriptedPeer(server, DlmtpEndpoint.tcp("127.0.0.1", server.getLocalPort()), null);
            daemon(() -> {
                while (!server.isClosed()) {
                    Socket socket = server.accept();
                    daemon(() -> {
                        try (socket) {
                            play(socket.getInputStream(), socket.getOutputStream());
                        }
                    });
                }
            });
            return peer;
        }

        static ScriptedPeer unixSocket(Path path) throws IOException {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            ScriptedPeer peer = new ScriptedPeer(server, DlmtpEndpoint.unixSocket(path), path);
            daemon(() -> {
                while (server.isOpen()) {
                    SocketChannel channel = server.accept();
                    daemon(() -> {
                        try (channel) {
                            play(Channels.newInputStream(channel), Channels.newOutputStream(channel));
                        }
                    });
                }
            });
            return peer;
        }

        private interface Body {
            void run() throws IOException;
        }

        private static void daemon(Body body) {
            Thread thread = new Thread(() -> {
                try {
                    body.run();
                } catch (IOException e) {
                    // the benchmark is over or the client went away
                }
            }, "dlmtp-benchmark-peer");
            thread.setDaemon(true);
            thread.start();
        }

        private static void play(InputStream rawIn, OutputStream out) throws IOException {
            InputStream in = new BufferedInputStream(rawIn);
            reply(out, "220 DSPAM DLMTP GIT Authentication Required");
            if (readLine(in) == null) {
                return;
            }
            for (String line : List.of("250-dspam.test.local", "250-PIPELINING", "250-ENHANCEDSTATUSCODES",
                "250-DSPAMPROCESSMODE", "250-8BITMIME", "250 SIZE")) {
                reply(out, line);
            }
            while (true) {
                String command = readLine(in);
                if (command == null || command.startsWith("QUIT")) {
                    if (command != null) {
                        reply(out, "221 2.0.0 OK");
                    }
                    return;
                }
                if (command.startsWith("MAIL FROM")) {
                    reply(out, "250 2.1.0 OK");
                } else if (command.startsWith("RCPT TO")) {
                    reply(out, "250 2.1.5 OK");
                } else if (command.startsWith("DATA")) {
                    reply(out, "354 Enter mail, end with \".\" on a line by itself");
                    String line;
                    do {
                        line = readLine(in);
                    } while (line != null && !line.equals("."));
                    out.write(SUMMARY.getBytes(StandardCharsets.US_ASCII));
                    reply(out, ".");
                } else {
                    reply(out, "503 5.0.0 Need MAIL FROM here.");
                }
            }
        }

        /** Like dspamd: the text and the CRLF in two separate writes. */
        private static void reply(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.US_ASCII);
                }
                line.write(b);
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            try {
                server.close();
            } catch (Exception e) {
                throw new IOException(e);
            }
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
            }
        }
    }
}
