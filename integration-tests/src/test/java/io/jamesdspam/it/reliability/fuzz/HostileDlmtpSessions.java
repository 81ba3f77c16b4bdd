package io.jamesdspam.it.reliability.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reliability suite's seeded generator of hostile DLMTP sessions: session {@code i} of seed
 * {@code s} is the same at every run ({@link #run(int)}), so a failure is replayed from seed and
 * index. Sessions come from other loopback addresses than the well-formed client's
 * {@code 127.0.0.1} — password guessers from three ({@code 127.0.0.252}–{@code 254}), the rest
 * from anywhere in {@code 127.0.0.2}–{@code 251} — as a real attacker is another peer than the
 * mail server: the authentication throttle locks the guessers out, never the mail server.
 */
final class HostileDlmtpSessions {
    static final String PASSWORD = "s3cret";
    static final String IDENT = "james";
    private static final Duration CLIENT_PATIENCE = Duration.ofSeconds(20);

    /** The kinds of session, each named in a failure report. */
    enum Kind {
        GARBAGE_COMMANDS, HUGE_LINE, NUL_BYTES, PIPELINED_JUNK, WRONG_PASSWORD, ABRUPT_CLOSE, SLOWLORIS,
        HOSTILE_USERS, HOSTILE_PROCESS_MODE, FUZZED_MESSAGE, BINARY_NOISE
    }

    private static final Kind[] DRAWN = {
        Kind.GARBAGE_COMMANDS, Kind.GARBAGE_COMMANDS, Kind.HUGE_LINE, Kind.NUL_BYTES, Kind.PIPELINED_JUNK,
        Kind.PIPELINED_JUNK, Kind.WRONG_PASSWORD, Kind.WRONG_PASSWORD, Kind.ABRUPT_CLOSE, Kind.ABRUPT_CLOSE,
        Kind.HOSTILE_USERS, Kind.HOSTILE_PROCESS_MODE, Kind.FUZZED_MESSAGE, Kind.FUZZED_MESSAGE, Kind.BINARY_NOISE
    };
    private static final int SLOWLORIS_PERIOD = 50;
    private static final int GUESSERS = 3;

    /** How one session ended. */
    enum Ending {
        /** The server closed the connection (QUIT, 3 strikes, timeout, refused). */
        SERVER_CLOSED,
        /** The session closed it itself (abrupt close). */
        CLIENT_CLOSED,
        /** The server neither answered nor closed within the client's patience: a hang. */
        UNANSWERED
    }

    /** One session's result, with everything the server sent. */
    static final class Outcome {
        final int index;
        final Kind kind;
        final Ending ending;
        final String received;

        Outcome(int index, Kind kind, Ending ending, String received) {
            this.index = index;
            this.kind = kind;
            this.ending = ending;
            this.received = received;
        }

        boolean lockedOut() {
            return received.contains("421 4.7.0");
        }

        boolean refusedBusy() {
            return received.startsWith("421 4.3.2");
        }
    }

    private final long seed;
    private final int port;
    private final FuzzedMessages messages;
    private final ScheduledExecutorService trickler;

    HostileDlmtpSessions(long seed, int port, FuzzedMessages messages, ScheduledExecutorService trickler) {
        this.seed = seed;
        this.port = port;
        this.messages = messages;
        this.trickler = trickler;
    }

    static Kind kindOf(int index, Random random) {
        return index % SLOWLORIS_PERIOD == SLOWLORIS_PERIOD - 1 ? Kind.SLOWLORIS : DRAWN[random.nextInt(DRAWN.length)];
    }

    /** Runs session {@code index} to its end. */
    Outcome run(int index) throws IOException {
        Random random = new Random(seed * 7_919L + index);
        Kind kind = kindOf(index, random);
        // Password guessers are a few persistent peers (127.0.0.252-254), everything else comes from anywhere.
        int host = kind == Kind.WRONG_PASSWORD ? 252 + random.nextInt(GUESSERS) : 2 + random.nextInt(250);
        InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host});
        AtomicReference<ScheduledFuture<?>> trickle = new AtomicReference<>();
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout((int) CLIENT_PATIENCE.toMillis());
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try {
                boolean keepOpen = play(kind, index, random, out, trickle);
                if (!keepOpen) {
                    socket.setSoLinger(true, 0);
                    return new Outcome(index, kind, Ending.CLIENT_CLOSED, "");
                }
            } catch (IOException serverClosedFirst) {
                // The server may close while we still write (3 strikes, lockout, connection limit): it is its right.
            }
            return new Outcome(index, kind, readToEnd(socket.getInputStream(), received), received.toString(StandardCharsets.ISO_8859_1));
        } finally {
            Optional.ofNullable(trickle.get()).ifPresent(task -> task.cancel(false));
        }
    }

    private static Ending readToEnd(InputStream in, ByteArrayOutputStream received) {
        byte[] buffer = new byte[16 * 1024];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (received.size() < 64 * 1024) {
                    received.write(buffer, 0, read);
                }
            }
            return Ending.SERVER_CLOSED;
        } catch (SocketTimeoutException e) {
            return Ending.UNANSWERED;
        } catch (IOException reset) {
            return Ending.SERVER_CLOSED;
        }
    }

    /** Sends the session; false when it ends by closing abruptly. */
    private boolean play(Kind kind, int index, Random random, OutputStream out, AtomicReference<ScheduledFuture<?>> trickle)
        throws IOException {
        switch (kind) {
            case GARBAGE_COMMANDS:
                for (int i = 0; i < 1 + random.nextInt(30); i++) {
                    send(out, randomPrintable(random, random.nextInt(200)) + "\r\n");
                }
                send(out, "QUIT\r\n");
                return true;
            case HUGE_LINE:
                send(out, random.nextBoolean() ? "LHLO x\r\n" : "");
                byte[] line = new byte[(1 + random.nextInt(4)) << 20];
                for (int i = 0; i < line.length; i++) {
                    line[i] = (byte) ('A' + random.nextInt(26));
                }
                out.write("MAIL FROM:<".getBytes(StandardCharsets.US_ASCII));
                out.write(line);
                send(out, "\r\nQUIT\r\n");
                return true;
            case NUL_BYTES:
                send(out, "LH\0LO x\r\nMAIL\0 FROM:<" + PASSWORD + "\0@" + IDENT + ">\r\nRCPT TO:<bo\0b>\r\n\0\0\0\r\nQUIT\r\n");
                return true;
            case PIPELINED_JUNK:
                StringBuilder batch = new StringBuilder("LHLO x\r\n");
                for (int i = 0; i < 5 + random.nextInt(200); i++) {
                    batch.append(random.nextBoolean() ? "RCPT TO:<u" + random.nextInt(5) + ">" : randomPrintable(random, 40))
                        .append("\r\n");
                }
                batch.append(mailFrom("--classify --deliver=summary")).append("RCPT TO:<bob>\r\nDATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n");
                send(out, batch.toString());
                return true;
            case WRONG_PASSWORD:
                send(out, "LHLO x\r\n");
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    send(out, "MAIL FROM:<" + randomPrintable(random, 8) + "@" + IDENT + ">\r\n");
                }
                send(out, "QUIT\r\n");
                return true;
            case ABRUPT_CLOSE:
                String session = "LHLO x\r\n" + mailFrom("--process --deliver=summary") + "RCPT TO:<abrupt>\r\nDATA\r\n"
                    + new String(messages.input(index).bytes(), StandardCharsets.ISO_8859_1);
                send(out, session.substring(0, random.nextInt(session.length() + 1)));
                return false;
            case SLOWLORIS:
                // A byte every 250 ms until the server gives up on the line (read in run()).
                trickle.set(trickler.scheduleAtFixedRate(() -> {
                    try {
                        send(out, "L");
                    } catch (IOException closed) {
                        throw new UncheckedIOException(closed);
                    }
                }, 0, 250, TimeUnit.MILLISECONDS));
                return true;
            case HOSTILE_USERS:
                String[] users = {"../../etc/passwd", "a/b", "..", ".", "-x", "@x", "x\0y", "u".repeat(300), "",
                    "\u00ff\u00fe", "BOB", "bob", "Bob", "tab\tuser", "quo\"te", "<x>"};
                StringBuilder rcpts = new StringBuilder("LHLO x\r\n" + mailFrom("--classify --deliver=summary"));
                for (int i = 0; i < 1 + random.nextInt(6); i++) {
                    rcpts.append("RCPT TO:<").append(users[random.nextInt(users.length)]).append(">\r\n");
                }
                send(out, rcpts.append("DATA\r\nSubject: who\r\n\r\nbody\r\n.\r\nQUIT\r\n").toString());
                return true;
            case HOSTILE_PROCESS_MODE:
                String[] modes = {"--classify \u001b[2J", "--user ../x --process", "--mode=unlearn", "--source=error",
                    "\r--process", "--deliver=\0", "--class=spam --source=corpus --process", "x".repeat(300),
                    "--signature=../../etc/passwd --class=spam --source=error", "--help", "--version", "--debug"};
                send(out, "LHLO x\r\n" + mailFrom(modes[random.nextInt(modes.length)]) + "RCPT TO:<bob>\r\nDATA\r\n"
                    + "Subject: m\r\n\r\nbody\r\n.\r\nQUIT\r\n");
                return true;
            case FUZZED_MESSAGE:
                byte[] message = messages.input(index).bytes();
                if (message.length > 2 << 20) {
                    message = Arrays.copyOf(message, 2 << 20);
                }
                send(out, "LHLO x\r\n" + mailFrom(random.nextBoolean() ? "--process --deliver=summary" : "--classify --stdout")
                    + "RCPT TO:<fuzz" + random.nextInt(3) + ">\r\nDATA\r\n");
                out.write(RawSmtpSender.smtpData(message));
                send(out, ".\r\nQUIT\r\n");
                return true;
            case BINARY_NOISE:
                byte[] noise = new byte[random.nextInt(100_000)];
                random.nextBytes(noise);
                out.write(noise);
                send(out, "\r\nQUIT\r\n");
                return true;
            default:
                throw new IllegalStateException("Unhandled session kind " + kind);
        }
    }

    private static String mailFrom(String options) {
        return "MAIL FROM:<" + PASSWORD + "@" + IDENT + "> DSPAMPROCESSMODE=\"" + options + "\"\r\n";
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String randomPrintable(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextInt(10) == 0 ? random.nextInt(256) : 0x20 + random.nextInt(0x5f)));
        }
        return text.toString().replace("\n", " ");
    }
}
