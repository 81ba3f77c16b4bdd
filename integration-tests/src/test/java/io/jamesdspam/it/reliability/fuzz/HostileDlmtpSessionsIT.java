package io.jamesdspam.it.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.server.DlmtpServer;
import io.jamesdspam.engine.server.DlmtpServerSettings;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.it.reliability.ReliabilityReport;
import io.jamesdspam.testing.CapturedLogs;
import io.jamesdspam.testing.Corpus;

/**
 * Hostile DLMTP sessions: {@value #SESSIONS} seeded sessions ({@link HostileDlmtpSessions}),
 * {@value #PARALLEL} at a time, against the project's DLMTP server on the embedded engine. After
 * every {@value #BATCH} sessions a well-formed session must be answered correctly; the server
 * must never leave a session unanswered, never log an error or a raw control byte, and keep its
 * connection threads within ServerMaxConnections. The throttle must have locked out guessers.
 */
class HostileDlmtpSessionsIT {
    private static final int SESSIONS = 1_000;
    private static final int BATCH = 100;
    private static final int PARALLEL = 12;
    private static final int MAX_CONNECTIONS = 32;

    @TempDir
    Path store;

    @Test
    void aThousandHostileSessionsLeaveTheServerServingAndBounded() throws Exception {
        long seed = Long.getLong("reliability.fuzz.seed", EngineFuzzIT.DEFAULT_SEED);
        DlmtpServerSettings settings = DlmtpServerSettings.builder()
            .host("127.0.0.1").port(0)
            .password(HostileDlmtpSessions.IDENT, HostileDlmtpSessions.PASSWORD)
            .maxConnections(MAX_CONNECTIONS)
            .idleTimeout(Duration.ofSeconds(2))
            .dataTimeout(Duration.ofSeconds(10))
            .authFailureDelay(Duration.ofMillis(500))
            .maxMessageSize(4 << 20)
            .build();
        Map<HostileDlmtpSessions.Kind, Integer> kinds = new EnumMap<>(HostileDlmtpSessions.Kind.class);
        List<String> failures = new ArrayList<>();
        int lockouts = 0;
        int refusedBusy = 0;
        int wellFormed = 0;
        int maxThreads = 0;
        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(PARALLEL);
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        try (CapturedLogs logs = CapturedLogs.of("io.jamesdspam");
             EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), JournalDspamStore.open(store));
             DlmtpServer server = DlmtpServer.start(settings, engine)) {
            int port = server.tcpAddress().orElseThrow().getPort();
            HostileDlmtpSessions sessions = new HostileDlmtpSessions(seed, port, new FuzzedMessages(Corpus.load().all(), seed),
                trickler);
            for (int first = 0; first < SESSIONS; first += BATCH) {
                List<Future<HostileDlmtpSessions.Outcome>> batch = new ArrayList<>();
                for (int index = first; index < first + BATCH; index++) {
                    int session = index;
                    batch.add(clients.submit(() -> sessions.run(session)));
                }
                for (Future<HostileDlmtpSessions.Outcome> future : batch) {
                    maxThreads = Math.max(maxThreads, connectionThreads());
                    HostileDlmtpSessions.Outcome outcome = future.get(2, TimeUnit.MINUTES);
                    kinds.merge(outcome.kind, 1, Integer::sum);
                    lockouts += outcome.lockedOut() ? 1 : 0;
                    refusedBusy += outcome.refusedBusy() ? 1 : 0;
                    if (outcome.ending == HostileDlmtpSessions.Ending.UNANSWERED) {
                        failures.add("seed " + seed + " session " + outcome.index + " (" + outcome.kind
                            + "): neither answered nor closed in 20 s; got " + outcome.received.length() + " bytes");
                    }
                }
                String answer = wellFormedSession(port);
                if (answer.contains("X-DSPAM-Result: bob; result=\"")) {
                    wellFormed++;
                } else {
                    failures.add("seed " + seed + " after session " + (first + BATCH - 1) + ": a well-formed session got "
                        + answer.substring(0, Math.min(300, answer.length())));
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 0);
            logs.errors().forEach(error -> failures.add("logged error: " + error.getFormattedMessage()));
            logs.linesWithControlCharacters().forEach(line -> failures.add("raw control byte in a log line: " + line));
            assertThat(server.isRunning()).isTrue();
        } finally {
            clients.shutdownNow();
            trickler.shutdownNow();
        }
        ReliabilityReport.Scenario scenario = new ReliabilityReport.Scenario("hostile DLMTP sessions", ReliabilityReport.Kind.FUZZ)
            .inputs(SESSIONS)
            .crashes(failures.size())
            .figure("seed", seed)
            .figure("sessionsByKind", kinds.toString())
            .figure("wellFormedSessionsAnswered", wellFormed + " of " + SESSIONS / BATCH)
            .figure("throttleLockoutReplies", lockouts)
            .figure("refusedAtConnectionLimit", refusedBusy)
            .figure("maxConnectionThreads", maxThreads + " (limit " + MAX_CONNECTIONS + ")")
            .figure("seconds", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        failures.forEach(scenario::note);
        scenario.recordAndAssertClean();
        assertThat(maxThreads).isLessThanOrEqualTo(MAX_CONNECTIONS);
        assertThat(lockouts).as("the guessers' addresses were locked out").isPositive();
    }

    private static int connectionThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("dlmtp-connection-")).count();
    }

    /** A classification from 127.0.0.1 with the right password; everything the server sent. */
    private static String wellFormedSession(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("LHLO james\r\nMAIL FROM:<" + HostileDlmtpSessions.PASSWORD + "@"
                + HostileDlmtpSessions.IDENT + "> DSPAMPROCESSMODE=\"--classify --deliver=summary\"\r\nRCPT TO:<bob>\r\n"
                + "DATA\r\nFrom: a@example.org\r\nSubject: lunch\r\n\r\nare we still on for lunch?\r\n.\r\nQUIT\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            return received.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }
}
