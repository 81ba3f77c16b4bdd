package io.jamesdspam.engine.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.protocol.PeerText;
import io.jamesdspam.protocol.ProcessMode;
import io.jamesdspam.protocol.ProcessModeException;
import io.jamesdspam.protocol.ProcessModeParser;

/**
 * One client connection: dspamd's session state machine (docs/PROTOCOL.md §3), DLMTP in ServerMode
 * dspam, plain LMTP in ServerMode standard, chosen at LHLO in ServerMode auto; run on its own
 * thread. Commands are recognised by case-insensitive prefix; the
 * DSPAMPROCESSMODE value is parsed when the RCPT phase ends, with dspamd's replies.
 *
 * <p>Timeouts: the server's watchdog shuts the input down when a command line has not arrived
 * whole within the idle timeout, or a message within the DATA timeout; the read then ends and the
 * connection closes, silently outside DATA and with {@code 530 5.2.0} inside it, as dspamd does
 * after 300 s. dspamd times each read; timing the whole line or message instead means a peer
 * sending a byte now and then (slowloris) cannot keep a connection slot forever.
 *
 * <p>Whatever the peer sent appears in logs only through {@link PeerText}.
 */
final class DlmtpServerSession implements Runnable, BoundedLineReader.BlockingReads {
    private static final Logger LOGGER = LoggerFactory.getLogger(DlmtpServerSession.class);
    private static final int MAX_AUTHENTICATION_FAILURES = 3;

    private enum Phase { LHLO, MAIL, RCPT, AWAIT_DATA }

    private enum Command {
        LHLO("LHLO"), MAIL_FROM("MAIL FROM"), RCPT_TO("RCPT TO:"), DATA("DATA"), RSET("RSET"), QUIT("QUIT"), OTHER("");

        private final String prefix;

        Command(String prefix) {
            this.prefix = prefix;
        }

        static Command of(String line) {
            String upper = line.length() > 9 ? line.substring(0, 9).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
            for (Command command : values()) {
                if (command != OTHER && upper.startsWith(command.prefix)) {
                    return command;
                }
            }
            return OTHER;
        }
    }

    private final DlmtpServer server;
    private final DlmtpServerSettings settings;
    private final SocketChannel channel;
    private final String peer;
    private final Optional<InetAddress> peerAddress;
    private final BoundedLineReader reader;
    private final ReplyWriter writer;

    /** When the line or message being read must be complete; read by the watchdog while {@link #reading}. */
    private volatile long readDeadlineNanos;
    private volatile boolean reading;
    private volatile boolean timedOut;
    private volatile boolean idle;
    private boolean inData;

    private Phase phase = Phase.LHLO;
    /** DLMTP (authenticated, client options) or plain LMTP (ServerParameters); auto mode decides at LHLO. */
    private boolean dlmtp;
    private int authenticationFailures;
    private Optional<String> processModeValue = Optional.empty();
    private final List<DspamUser> recipients = new ArrayList<>();
    private ProcessMode processMode;

    DlmtpServerSession(DlmtpServer server, SocketChannel channel, String peer, Optional<InetAddress> peerAddress) {
        this.server = server;
        this.settings = server.settings();
        this.channel = channel;
        this.peer = peer;
        this.peerAddress = peerAddress;
        this.reader = new BoundedLineReader(channel, this);
        this.writer = new ReplyWriter(channel);
        this.dlmtp = settings.mode() == DlmtpServerSettings.ServerMode.DSPAM;
    }

    @Override
    public void run() {
        try {
            writer.reply(dlmtp ? DlmtpReplies.banner(settings.version()) : DlmtpReplies.lmtpBanner(settings.version()));
            converse();
            writer.flush();
        } catch (IOException e) {
            LOGGER.debug("DLMTP connection from {} ended: {}", peer, e.toString());
        } catch (RuntimeException e) {
            LOGGER.error("DLMTP connection from {} failed", peer, e);
        } finally {
            closeChannel();
            server.connectionEnded(this);
        }
    }

    private void converse() throws IOException {
        while (true) {
            boolean atBoundary = phase == Phase.LHLO || phase == Phase.MAIL;
            idle = atBoundary && !reader.hasBufferedInput();
            if (atBoundary && server.isClosing()) {
                return;
            }
            armDeadline(settings.idleTimeout());
            BoundedLineReader.Line line = reader.readLine(settings.maxLineLength());
            idle = false;
            if (line == null) {
                if (timedOut) {
                    LOGGER.info("DLMTP connection from {} idle for {}, closed", peer, settings.idleTimeout());
                }
                return;
            }
            if (line.overflowed()) {
                writer.reply(DlmtpReplies.LINE_TOO_LONG);
                continue;
            }
            String text = new String(line.bytes(), StandardCharsets.ISO_8859_1);
            if (!handle(text)) {
                return;
            }
        }
    }

    /** Handles one command line; false when the connection must close. */
    private boolean handle(String line) throws IOException {
        Command command = Command.of(line);
        switch (phase) {
            case LHLO:
                return lhloPhase(command, line);
            case MAIL:
                return mailPhase(command, line);
            case RCPT:
                return rcptPhase(command, line);
            case AWAIT_DATA:
                return awaitDataPhase(command);
            default:
                throw new IllegalStateException("Unhandled phase " + phase);
        }
    }

    private boolean lhloPhase(Command command, String line) throws IOException {
        switch (command) {
            case LHLO:
                if (settings.mode() == DlmtpServerSettings.ServerMode.AUTO) {
                    // dspamd's auto mode: DLMTP only for a client naming an ident that has a password (transcript 30).
                    String argument = line.substring(Command.LHLO.prefix.length()).trim();
                    dlmtp = !argument.isEmpty() && settings.password(argument).isPresent();
                }
                for (String reply : DlmtpReplies.lhlo(settings.serverIdent(), dlmtp)) {
                    writer.reply(reply);
                }
                phase = Phase.MAIL;
                return true;
            case RSET:
                writer.reply(DlmtpReplies.RSET_OK);
                return true;
            case QUIT:
                writer.reply(DlmtpReplies.QUIT_OK);
                return false;
            default:
                writer.reply(DlmtpReplies.NEED_LHLO);
                return true;
        }
    }

    private boolean mailPhase(Command command, String line) throws IOException {
        switch (command) {
            case MAIL_FROM:
                return mailFrom(line);
            case RSET:
                writer.reply(DlmtpReplies.RSET_OK);
                return true;
            case QUIT:
                writer.reply(DlmtpReplies.QUIT_OK);
                return false;
            default:
                writer.reply(DlmtpReplies.NEED_MAIL_FROM);
                return true;
        }
    }

    private boolean mailFrom(String line) throws IOException {
        if (!dlmtp) {
            // Plain LMTP: MAIL FROM is the real sender, the options are the configured ServerParameters.
            writer.reply(DlmtpReplies.MAIL_OK);
            processModeValue = settings.serverParameters();
            recipients.clear();
            processMode = null;
            phase = Phase.RCPT;
            return true;
        }
        Optional<Duration> lockout = peerAddress.flatMap(server.throttle()::lockedFor);
        if (lockout.isPresent()) {
            // Locked out meanwhile (by this peer's other connections): the password is not even looked at.
            writer.reply(DlmtpReplies.lockedOut(lockout.get()));
            return false;
        }
        if (server.authenticator().authenticate(line)) {
            peerAddress.ifPresent(server.throttle()::succeeded);
            writer.reply(DlmtpReplies.MAIL_OK);
            processModeValue = ProcessModeParser.extract(line);
            recipients.clear();
            processMode = null;
            phase = Phase.RCPT;
            return true;
        }
        authenticationFailures++;
        writer.reply(DlmtpReplies.AUTHENTICATION_REQUIRED);
        Optional<Duration> started = peerAddress.flatMap(server.throttle()::failed);
        if (started.isPresent()) {
            LOGGER.warn("DLMTP peer {}: {} failed authentications in a row, refused for {} s", peer,
                settings.authFailureLimit(), started.get().toSeconds());
            return false;
        }
        if (authenticationFailures < MAX_AUTHENTICATION_FAILURES) {
            return true;
        }
        // dspamd's 3-strikes rule: pause, then close without another word (transcript 13).
        LOGGER.warn("DLMTP connection from {}: {} failed authentications, closing", peer, authenticationFailures);
        writer.flush();
        server.pauseAfterAuthenticationFailures();
        return false;
    }

    private boolean rcptPhase(Command command, String line) throws IOException {
        switch (command) {
            case RCPT_TO:
                recipient(line);
                return true;
            case RSET:
                return reset();
            case QUIT:
                writer.reply(DlmtpReplies.QUIT_IN_RCPT_PHASE);
                return false;
            default:
                return endOfRecipients(command);
        }
    }

    private void recipient(String line) throws IOException {
        Optional<DspamUser> user = parseRecipient(line.substring(Command.RCPT_TO.prefix.length()));
        if (user.isEmpty()) {
            writer.reply(DlmtpReplies.INVALID_RCPT);
            return;
        }
        if (!recipients.contains(user.get())) {
            recipients.add(user.get());
        }
        writer.reply(DlmtpReplies.RCPT_OK);
    }

    /**
     * The name inside {@code <...>}: non-empty, not starting with {@code -} or {@code @} (dspamd's
     * rules), and — unlike dspamd, which uses it as a path verbatim — a valid {@link DspamUser}:
     * UTF-8, no path separators, no {@code ..}, at most 255 bytes.
     */
    private static Optional<DspamUser> parseRecipient(String argument) {
        String trimmed = argument.trim();
        if (!trimmed.startsWith("<")) {
            return Optional.empty();
        }
        int close = trimmed.indexOf('>');
        if (close < 0) {
            return Optional.empty();
        }
        byte[] raw = trimmed.substring(1, close).getBytes(StandardCharsets.ISO_8859_1);
        try {
            String name = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(raw)).toString();
            return DspamUser.isValid(name) ? Optional.of(DspamUser.of(name)) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The first non-RCPT command: parse the options now, as dspamd does (docs/PROTOCOL.md §3, §5.1). */
    private boolean endOfRecipients(Command command) throws IOException {
        if (recipients.isEmpty()) {
            writer.reply(DlmtpReplies.NO_DESTINATION_USER);
            return true;
        }
        try {
            processMode = processModeValue.map(server.processModeParser()::parse).orElseGet(ProcessMode::defaults);
        } catch (ProcessModeException e) {
            if (e.kind() == ProcessModeException.Kind.INCONSISTENT) {
                LOGGER.info("DLMTP connection from {}: inconsistent DSPAMPROCESSMODE '{}': {}", peer,
                    PeerText.escape(processModeValue.orElse("")), PeerText.escape(e.getMessage()));
                writer.reply(DlmtpReplies.MISCONFIGURED);
                return false;
            }
            LOGGER.info("DLMTP connection from {}: DSPAMPROCESSMODE '{}' refused: {}", peer,
                PeerText.escape(processModeValue.orElse("")), PeerText.escape(e.getMessage()));
            writer.reply(DlmtpReplies.AGENT_CONTEXT);
            return true;
        }
        if (command == Command.DATA) {
            return data();
        }
        writer.reply(DlmtpReplies.NEED_DATA_FIRST);
        phase = Phase.AWAIT_DATA;
        return true;
    }

    private boolean awaitDataPhase(Command command) throws IOException {
        switch (command) {
            case DATA:
                return data();
            case RSET:
                return reset();
            case QUIT:
                writer.reply(DlmtpReplies.QUIT_IN_RCPT_PHASE);
                return false;
            default:
                writer.reply(DlmtpReplies.NEED_DATA);
                return true;
        }
    }

    private boolean reset() throws IOException {
        writer.reply(DlmtpReplies.RSET_OK);
        phase = Phase.MAIL;
        processModeValue = Optional.empty();
        recipients.clear();
        processMode = null;
        return true;
    }

    private boolean data() throws IOException {
        writer.reply(DlmtpReplies.START_DATA);
        ReceivedMessage received;
        inData = true;
        armDeadline(settings.dataTimeout());
        try {
            received = readMessage();
        } finally {
            inData = false;
        }
        if (received.dropped) {
            if (timedOut) {
                LOGGER.info("DLMTP connection from {}: no data for {} inside DATA, closed", peer, settings.dataTimeout());
                writer.reply(DlmtpReplies.MESSAGE_EMPTY);
            } else {
                LOGGER.info("DLMTP connection from {} dropped inside DATA; nothing was processed", peer);
            }
            return false;
        }
        if (!received.oversize && received.bytes.length == 0) {
            writer.reply(DlmtpReplies.MESSAGE_EMPTY);
            return false;
        }
        List<DspamUser> users = transactionUsers();
        // The replies up to 354 are owed before the backend takes its time.
        writer.flush();
        Optional<DspamResponse> response = received.oversize
            ? Optional.of(notClassified(users, "message larger than MaxMessageSize (" + settings.maxMessageSize() + " bytes)"))
            : execute(users, received.bytes);
        server.answer().write(writer, processMode, users, response, received.bytes, dlmtp);
        phase = Phase.MAIL;
        processModeValue = Optional.empty();
        recipients.clear();
        processMode = null;
        return true;
    }

    /** What DATA delivered: the message, or that it was too large, or that the connection ended first. */
    private static final class ReceivedMessage {
        private final byte[] bytes;
        private final boolean oversize;
        private final boolean dropped;

        private ReceivedMessage(byte[] bytes, boolean oversize, boolean dropped) {
            this.bytes = bytes;
            this.oversize = oversize;
            this.dropped = dropped;
        }
    }

    /**
     * The message up to the terminating dot, un-stuffed, lines joined with LF. A message above
     * MaxMessageSize is read to its end but not kept.
     */
    private ReceivedMessage readMessage() throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream(8192);
        long size = 0;
        boolean oversize = false;
        boolean first = true;
        while (true) {
            BoundedLineReader.Line line = reader.readLine(settings.maxMessageSize() + 1);
            if (line == null) {
                return new ReceivedMessage(new byte[0], oversize, true);
            }
            if (line.isSingleDot()) {
                return oversize ? new ReceivedMessage(new byte[0], true, false)
                    : new ReceivedMessage(message.toByteArray(), false, false);
            }
            byte[] bytes = line.bytes();
            boolean quarantineLine = first && startsWith(bytes, "From QUARANTINE");
            first = false;
            if (quarantineLine) {
                continue;
            }
            int offset = bytes.length >= 2 && bytes[0] == '.' && bytes[1] == '.' ? 1 : 0;
            size += bytes.length - offset + 1;
            if (line.overflowed() || size > settings.maxMessageSize()) {
                oversize = true;
                message.reset();
            }
            if (!oversize) {
                message.write(bytes, offset, bytes.length - offset);
                message.write('\n');
            }
        }
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        if (bytes.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** RCPT TO users, then {@code --user} users, each once. */
    private List<DspamUser> transactionUsers() {
        LinkedHashSet<DspamUser> users = new LinkedHashSet<>(recipients);
        users.addAll(processMode.extraUsers());
        return new ArrayList<>(users);
    }

    private Optional<DspamResponse> execute(List<DspamUser> users, byte[] message) {
        Optional<DspamRequest> request = processMode.toRequest(users, message);
        if (request.isEmpty()) {
            return Optional.of(notClassified(users, "no signature given and none found in an X-DSPAM-Signature header"));
        }
        DspamBackend backend = server.backend();
        try {
            return Optional.of(backend.execute(request.get()));
        } catch (RuntimeException e) {
            LOGGER.error("DLMTP connection from {}: {} failed on backend {}", peer, request.get(), backend.name(), e);
            return Optional.empty();
        }
    }

    private static DspamResponse notClassified(List<DspamUser> users, String reason) {
        List<UserOutcome> outcomes = new ArrayList<>();
        users.forEach(user -> outcomes.add(UserOutcome.notClassified(user, reason)));
        return DspamResponse.of(outcomes);
    }

    /** The next command line (or the whole message, in DATA) must have arrived within {@code timeout}. */
    private void armDeadline(Duration timeout) {
        readDeadlineNanos = System.nanoTime() + timeout.toNanos();
    }

    @Override
    public void beforeBlockingRead() throws IOException {
        writer.flush();
        reading = true;
    }

    @Override
    public void afterBlockingRead() {
        reading = false;
    }

    /** Called by the watchdog: ends a read whose line or message is overdue (never a transaction being processed). */
    void enforceDeadline(long nowNanos) {
        if (reading && nowNanos - readDeadlineNanos > 0) {
            timedOut = true;
            shutdownInput();
        }
    }

    /** Called on graceful shutdown: a connection waiting for its next transaction is ended. */
    void closeIfIdle() {
        if (idle) {
            shutdownInput();
        }
    }

    void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOGGER.debug("Closing DLMTP connection from {}: {}", peer, e.toString());
        }
    }

    private void shutdownInput() {
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            closeChannel();
        }
    }

    @Override
    public String toString() {
        return "DlmtpServerSession{" + peer + ", " + phase + "}";
    }
}
