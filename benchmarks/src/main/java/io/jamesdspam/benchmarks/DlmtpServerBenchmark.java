package io.jamesdspam.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.server.DlmtpServer;
import io.jamesdspam.engine.server.DlmtpServerSettings;
import io.jamesdspam.engine.server.UnixDomainSockets;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.protocol.SummaryLine;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * Classifications per second through the DLMTP server, over TCP and over a UNIX socket, with 1
 * and 4 connections, against the same embedded engine called in process ({@code baseline}, one
 * thread; {@code inProcess4}, four threads). The client is a raw socket peer that writes each
 * transaction (MAIL FROM, RCPT TO, DATA, the pre-encoded message, the dot) in one write and reads
 * the answer, so the figures show what the server and the wire cost, not a client library.
 * Four users, each trained on the same 100 corpus messages, share the work so that four
 * connections do not queue on one user's lock. One operation = one classification.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class DlmtpServerBenchmark {
    private static final int BATCH = 64;
    private static final int PARALLEL = 4;
    private static final int TRAINING_MESSAGES = 100;
    private static final String PASSWORD = "s3cret";

    private EmbeddedDspam engine;
    private DlmtpServer tcpServer;
    private DlmtpServer unixServer;
    private Path socketDirectory;
    private List<DspamUser> users;
    private List<byte[]> messages;
    private List<byte[]> transactions;
    private int next;
    private RawConnection tcp;
    private RawConnection unix;
    private List<RawConnection> tcpFour;
    private List<RawConnection> unixFour;
    private ExecutorService workers;

    @Setup(Level.Trial)
    public void start() throws IOException {
        Corpus corpus = Corpus.load();
        users = List.of(DspamUser.of("u0"), DspamUser.of("u1"), DspamUser.of("u2"), DspamUser.of("u3"));
        engine = EmbeddedDspam.create(EngineSettings.defaults(), new InMemoryDspamStore());
        List<CorpusMessage> training = corpus.trainSet();
        for (int i = 0; i < TRAINING_MESSAGES && i < training.size(); i++) {
            CorpusMessage message = training.get(i);
            engine.execute(DspamRequest.train(users, message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT,
                TrainingSource.CORPUS, message.bytes()));
        }
        messages = new ArrayList<>();
        transactions = new ArrayList<>();
        List<CorpusMessage> test = corpus.testSet();
        for (int i = 0; i < 256 && i < test.size(); i++) {
            messages.add(test.get(i).bytes());
            transactions.add(transaction(users.get(i % PARALLEL), test.get(i).crlfBytes()));
        }
        DlmtpServerSettings tcpSettings = DlmtpServerSettings.builder().host("127.0.0.1").port(0)
            .password("james", PASSWORD).build();
        tcpServer = DlmtpServer.start(tcpSettings, engine);
        socketDirectory = Files.createTempDirectory("dlmtp-benchmark");
        unixServer = DlmtpServer.start(tcpSettings.toBuilder().domainSocketPath(socketDirectory.resolve("dspam.sock"))
            .build(), engine);
        tcp = RawConnection.tcp(tcpServer);
        unix = RawConnection.unix(unixServer);
        tcpFour = new ArrayList<>();
        unixFour = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
            tcpFour.add(RawConnection.tcp(tcpServer));
            unixFour.add(RawConnection.unix(unixServer));
        }
        workers = Executors.newFixedThreadPool(PARALLEL);
        checkSameAnswers();
    }

    /** Every path must classify the same messages with the same verdicts, or the figures compare nothing. */
    private void checkSameAnswers() throws IOException {
        for (int i = 0; i < 16; i++) {
            DspamUser user = users.get(i % PARALLEL);
            String expected = engine.execute(DspamRequest.classify(List.of(user), messages.get(i))).resultFor(user)
                .map(SummaryLine::format).map(line -> line + "\n").orElse("");
            for (RawConnection connection : List.of(tcp, unix)) {
                String actual = String.join("", connection.summary(transactions.get(i)));
                if (!actual.equals(expected)) {
                    throw new IllegalStateException("Message " + i + ": in process '" + expected + "', over DLMTP '" + actual + "'");
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        workers.shutdownNow();
        for (RawConnection connection : List.of(tcp, unix)) {
            connection.close();
        }
        for (RawConnection connection : tcpFour) {
            connection.close();
        }
        for (RawConnection connection : unixFour) {
            connection.close();
        }
        tcpServer.close();
        unixServer.close();
        engine.close();
        Files.deleteIfExists(socketDirectory.resolve("dspam.sock"));
        Files.deleteIfExists(socketDirectory);
    }

    /** The engine in process, one thread. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int baseline() {
        int start = advance();
        int results = 0;
        for (int i = 0; i < BATCH; i++) {
            results += classifyInProcess(start + i);
        }
        return results;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int inProcess4() throws InterruptedException, ExecutionException {
        int start = advance();
        return inParallel(worker -> {
            int results = 0;
            for (int i = worker; i < BATCH; i += PARALLEL) {
                results += classifyInProcess(start + i);
            }
            return results;
        });
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int tcp1() throws IOException {
        return overOneConnection(tcp);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int tcp4() throws InterruptedException, ExecutionException {
        return overFourConnections(tcpFour);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int unix1() throws IOException {
        return overOneConnection(unix);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int unix4() throws InterruptedException, ExecutionException {
        return overFourConnections(unixFour);
    }

    private int overOneConnection(RawConnection connection) throws IOException {
        int start = advance();
        int results = 0;
        for (int i = 0; i < BATCH; i++) {
            results += connection.classify(transactions.get((start + i) % transactions.size()));
        }
        return results;
    }

    private int overFourConnections(List<RawConnection> connections) throws InterruptedException, ExecutionException {
        int start = advance();
        return inParallel(worker -> {
            int results = 0;
            for (int i = worker; i < BATCH; i += PARALLEL) {
                results += connections.get(worker).classify(transactions.get((start + i) % transactions.size()));
            }
            return results;
        });
    }

    private int classifyInProcess(int index) {
        int message = index % messages.size();
        return engine.execute(DspamRequest.classify(List.of(users.get(message % PARALLEL)), messages.get(message)))
            .outcomes().get(0).isClassified() ? 1 : 0;
    }

    /** Message index of the next batch; batches start at multiples of PARALLEL so user i%4 stays on worker i%4. */
    private int advance() {
        int start = next;
        next = (next + BATCH) % messages.size();
        return start;
    }

    private interface Work {
        int run(int worker) throws IOException;
    }

    private int inParallel(Work work) throws InterruptedException, ExecutionException {
        List<Future<Integer>> futures = new ArrayList<>(PARALLEL);
        for (int w = 0; w < PARALLEL; w++) {
            int worker = w;
            futures.add(workers.submit(() -> work.run(worker)));
        }
        int results = 0;
        for (Future<Integer> future : futures) {
            results += future.get();
        }
        return results;
    }

    /** One whole classify transaction, dot-stuffed, as a single write. */
    private static byte[] transaction(DspamUser user, byte[] crlfMessage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(crlfMessage.length + 256);
        byte[] head = ("MAIL FROM:<" + PASSWORD + "@james> DSPAMPROCESSMODE=\"--classify --deliver=summary\"\r\n"
            + "RCPT TO:<" + user.asString() + ">\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII);
        out.write(head, 0, head.length);
        boolean lineStart = true;
        for (byte b : crlfMessage) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /** A raw DLMTP peer: greeting and LHLO once, then whole transactions. */
    static final class RawConnection {
        private final SocketChannel channel;
        private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

        private RawConnection(SocketChannel channel) throws IOException {
            this.channel = channel;
            in.flip();
            readLine();
            write(ByteBuffer.wrap("LHLO james\r\n".getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < 6; i++) {
                readLine();
            }
        }

        static RawConnection tcp(DlmtpServer server) throws IOException {
            SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1",
                server.tcpAddress().orElseThrow().getPort()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new RawConnection(channel);
        }

        static RawConnection unix(DlmtpServer server) throws IOException {
            return new RawConnection(UnixDomainSockets.connect(server.unixSocketPath().orElseThrow()));
        }

        /** Sends one transaction; the number of summary lines that came back (0 or 1). */
        int classify(byte[] transaction) throws IOException {
            return summary(transaction).size();
        }

        List<String> summary(byte[] transaction) throws IOException {
            write(ByteBuffer.wrap(transaction));
            for (int i = 0; i < 3; i++) {
                String reply = readLine();
                if (!reply.startsWith("250") && !reply.startsWith("354")) {
                    throw new IOException("Unexpected reply " + reply);
                }
            }
            List<String> lines = new ArrayList<>(1);
            String line;
            while (!(line = readLine()).equals(".\r\n")) {
                lines.add(line);
            }
            return lines;
        }

        private void write(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (!in.hasRemaining()) {
                    in.clear();
                    int read = channel.read(in);
                    in.flip();
                    if (read < 0) {
                        throw new IOException("Server closed the connection");
                    }
                }
                char c = (char) in.get();
                line.append(c);
                if (c == '\n') {
                    return line.toString();
                }
            }
        }

        void close() throws IOException {
            channel.close();
        }
    }
}
