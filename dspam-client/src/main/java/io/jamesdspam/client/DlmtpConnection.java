package io.jamesdspam.client;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.jamesdspam.api.DspamException.Kind;
import io.jamesdspam.client.DlmtpException.Phase;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.protocol.ProcessModeOptions;

/**
 * One authenticated-per-transaction DLMTP session with dspamd (docs/PROTOCOL.md §3): greeting and
 * LHLO once, then any number of transactions, each with its own
 * {@code MAIL FROM:<password@ident>} because dspamd forgets the authentication after every
 * DATA.
 *
 * <p>Not thread-safe: the pool lends it to one caller at a time. Any failure leaves it in an
 * unknown state; callers then close it and never reuse it.
 */
final class DlmtpConnection implements Closeable {
    private static final int MAX_REPLY_LINE = 64 * 1024;
    private static final int MAX_LHLO_LINES = 64;
    private static final byte[] NOOP = ascii("NOOP\r\n");

    private final DlmtpEndpoint endpoint;
    private final DlmtpClientConfiguration configuration;
    private final DlmtpChannel channel;
    private final LineReader reader;
    private boolean serverPipelining;
    private boolean clean = true;
    private long idleSince = System.nanoTime();

    private DlmtpConnection(DlmtpEndpoint endpoint, DlmtpClientConfiguration configuration, DlmtpChannel channel) {
        this.endpoint = endpoint;
        this.configuration = configuration;
        this.channel = channel;
        this.reader = new LineReader(channel);
    }

    /** Connects, reads the greeting and sends LHLO with the ident, as dspam's own client does. */
    static DlmtpConnection open(DlmtpEndpoint endpoint, DlmtpClientConfiguration configuration) {
        DlmtpChannel channel;
        try {
            channel = DlmtpChannel.connect(endpoint, configuration.connectTimeout());
        } catch (SocketTimeoutException e) {
            throw new DlmtpException(Kind.TIMEOUT, Phase.SESSION, endpoint.toString(),
                "no connection within " + configuration.connectTimeout(), null, e);
        } catch (IOException e) {
            throw new DlmtpException(Kind.UNREACHABLE, Phase.SESSION, endpoint.toString(),
                "cannot connect: " + e.getMessage(), null, e);
        }
        DlmtpConnection connection = new DlmtpConnection(endpoint, configuration, channel);
        try {
            connection.greet();
            return connection;
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private void greet() {
        run(Phase.SESSION, () -> {
            ReplyLine banner = readReply();
            if (banner.code() != 220) {
                throw new DlmtpSurprise("expected the 220 greeting", banner);
            }
            send(ascii("LHLO " + configuration.ident() + "\r\n"));
            List<String> capabilities = new ArrayList<>();
            for (int i = 0; ; i++) {
                ReplyLine line = readReply();
                if (line.code() != 250 || i > MAX_LHLO_LINES) {
                    throw new DlmtpSurprise("unexpected answer to LHLO", line);
                }
                capabilities.add(line.text().substring(4).trim().toUpperCase(Locale.ROOT));
                if (line.isLastReplyLine()) {
                    break;
                }
            }
            if (!capabilities.contains("DSPAMPROCESSMODE")) {
                throw new DlmtpSurprise("dspamd does not offer DSPAMPROCESSMODE after 'LHLO " + configuration.ident()
                    + "': it runs in ServerMode standard, or auto without ServerPass." + configuration.ident(), null);
            }
            serverPipelining = capabilities.contains("PIPELINING");
            return null;
        });
    }

    /**
     * Runs one transaction: MAIL FROM with the credentials and options, one RCPT TO per user,
     * DATA, the dot-stuffed message (and a NOOP end marker if asked), then reads the result.
     */
    DlmtpTransactionResult execute(DlmtpTransaction transaction, boolean endMarker) {
        Phase[] phase = {Phase.BEFORE_DATA};
        try {
            return run(phase, () -> {
                List<byte[]> commands = new ArrayList<>();
                commands.add(ascii(mailFrom(transaction)));
                for (DspamUser user : transaction.users()) {
                    commands.add(("RCPT TO:<" + user.asString() + ">\r\n").getBytes(StandardCharsets.UTF_8));
                }
                commands.add(ascii("DATA\r\n"));
                if (configuration.pipelining() && serverPipelining) {
                    send(commands.toArray(new byte[0][]));
                    checkMailFrom(readReply());
                    for (int i = 0; i < transaction.users().size(); i++) {
                        checkRcptTo(readReply());
                    }
                    checkData(readReply());
                } else {
                    send(commands.get(0));
                    checkMailFrom(readReply());
                    for (int i = 0; i < transaction.users().size(); i++) {
                        send(commands.get(1 + i));
                        checkRcptTo(readReply());
                    }
                    send(commands.get(commands.size() - 1));
                    checkData(readReply());
                }
                phase[0] = Phase.AFTER_DATA;
                byte[] data = MessageEncoder.encode(transaction.message());
                if (endMarker) {
                    send(data, NOOP);
                } else {
                    send(data);
                }
                DlmtpTransactionResult result = new ResultReader(reader, configuration.replyTimeout(),
                    configuration.maxResultBytes()).read(transaction, endMarker);
                if (reader.hasBufferedBytes()) {
                    clean = false;
                }
                idleSince = System.nanoTime();
                return result;
            });
        } catch (RuntimeException e) {
            clean = false;
            throw e;
        }
    }

    private String mailFrom(DlmtpTransaction transaction) {
        String credentials = "MAIL FROM:<" + configuration.password() + "@" + configuration.ident() + ">";
        if (transaction.options().isEmpty()) {
            return credentials + "\r\n";
        }
        return credentials + " " + ProcessModeOptions.PARAMETER + transaction.optionValue() + "\"\r\n";
    }

    private void checkMailFrom(ReplyLine reply) throws DlmtpSurprise {
        if (reply.code() == 250) {
            return;
        }
        if (reply.code() == 503 && reply.text().contains("5.1.0")) {
            throw new DlmtpSurprise(Kind.AUTHENTICATION, "dspamd refused ident '" + configuration.ident()
                + "' with the configured password (check ServerPass." + configuration.ident() + " in dspam.conf)", reply);
        }
        throw new DlmtpSurprise("unexpected answer to MAIL FROM", reply);
    }

    private static void checkRcptTo(ReplyLine reply) throws DlmtpSurprise {
        if (reply.code() == 250) {
            return;
        }
        if (reply.code() == 503 && reply.text().contains("5.1.2")) {
            throw new DlmtpSurprise(Kind.INVALID_REQUEST, "dspamd refused a user name", reply);
        }
        throw new DlmtpSurprise("unexpected answer to RCPT TO", reply);
    }

    private static void checkData(ReplyLine reply) throws DlmtpSurprise {
        if (reply.code() == 354) {
            return;
        }
        if (reply.code() == 554 && reply.text().contains("5.1.0")) {
            throw new DlmtpSurprise(Kind.OPTION_REJECTED, "dspamd rejected the DSPAMPROCESSMODE options", reply);
        }
        if (reply.code() == 503 && reply.text().contains("5.3.5")) {
            throw new DlmtpSurprise(Kind.OPTION_REJECTED, "dspamd found the options inconsistent and closed the connection", reply);
        }
        if (reply.code() == 554 && reply.text().contains("5.1.1")) {
            throw new DlmtpSurprise(Kind.INVALID_REQUEST, "dspamd found no destination user", reply);
        }
        throw new DlmtpSurprise("unexpected answer to DATA", reply);
    }

    /** RSET: the cheap liveness probe on an established session; dspamd answers {@code 250 OK}. */
    void reset() {
        try {
            run(Phase.SESSION, () -> {
                send(ascii("RSET\r\n"));
                ReplyLine reply = readReply();
                if (reply.code() != 250) {
                    throw new DlmtpSurprise("unexpected answer to RSET", reply);
                }
                idleSince = System.nanoTime();
                return null;
            });
        } catch (RuntimeException e) {
            clean = false;
            throw e;
        }
    }

    /** Says goodbye politely (QUIT, waits briefly for the answer) and closes. */
    void quit() {
        try {
            if (clean) {
                send(ascii("QUIT\r\n"));
                reader.readLine(System.nanoTime() + Math.min(configuration.replyTimeout().toNanos(),
                    Duration.ofSeconds(2).toNanos()), MAX_REPLY_LINE);
            }
        } catch (IOException e) {
            // The session ends either way.
        } finally {
            close();
        }
    }

    /** Whether the session is in a known state and may be lent again. */
    boolean isReusable() {
        return clean;
    }

    /** Whether the session is still willing to be reused after being idle for so long. */
    boolean idleLongerThan(Duration maxIdle) {
        return System.nanoTime() - idleSince > maxIdle.toNanos();
    }

    DlmtpEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        clean = false;
        channel.close();
    }

    private ReplyLine readReply() throws IOException, DlmtpSurprise {
        ReplyLine line;
        try {
            line = reader.readLine(System.nanoTime() + configuration.replyTimeout().toNanos(), MAX_REPLY_LINE);
        } catch (LineReader.LineTooLongException e) {
            throw new DlmtpSurprise("a reply line longer than " + MAX_REPLY_LINE + " bytes", null);
        }
        if (!line.isProtocolReply()) {
            throw new DlmtpSurprise("not a protocol reply", line);
        }
        return line;
    }

    private void send(byte[]... chunks) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[chunks.length];
        for (int i = 0; i < chunks.length; i++) {
            buffers[i] = ByteBuffer.wrap(chunks[i]);
        }
        channel.write(buffers, configuration.replyTimeout());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private interface Step<T> {
        T run() throws IOException, DlmtpSurprise;
    }

    private <T> T run(Phase phase, Step<T> step) {
        return run(new Phase[] {phase}, step);
    }

    /** Runs a protocol step, turning I/O failures and surprises into {@link DlmtpException}s. */
    private <T> T run(Phase[] phase, Step<T> step) {
        try {
            return step.run();
        } catch (DlmtpSurprise e) {
            throw new DlmtpException(e.kind(), phase[0], endpoint.toString(), e.getMessage(), e.offendingLine(), e);
        } catch (SocketTimeoutException e) {
            throw new DlmtpException(Kind.TIMEOUT, phase[0], endpoint.toString(),
                "no answer within " + configuration.replyTimeout() + " (" + e.getMessage() + ")", null, e);
        } catch (InterruptedIOException e) {
            throw new DlmtpException(Kind.INTERNAL, phase[0], endpoint.toString(), e.getMessage(), null, e);
        } catch (EOFException e) {
            throw new DlmtpException(Kind.UNREACHABLE, phase[0], endpoint.toString(), e.getMessage(), null, e);
        } catch (IOException e) {
            throw new DlmtpException(Kind.UNREACHABLE, phase[0], endpoint.toString(),
                "connection lost: " + e.getMessage(), null, e);
        }
    }
}
