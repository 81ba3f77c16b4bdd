package io.jamesdspam.engine.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.engine.concurrent.DaemonThreads;
import io.jamesdspam.protocol.ProcessModeParser;

/**
 * A dspamd-compatible DLMTP server (ServerMode dspam; standard and auto too, docs/PROTOCOL.md §2)
 * executing every transaction on
 * a {@link DspamBackend} — in production the embedded engine. Embeddable: {@link #start} binds
 * (port 0 picks a free port; a UNIX socket path replaces TCP, as in dspamd) and returns at once;
 * {@link #close} shuts down gracefully.
 *
 * <p><b>Threads, not Netty.</b> The backend is blocking and CPU-bound (tokenize, look up, score,
 * train), so an event loop would hand every transaction to a worker pool anyway. One thread per
 * connection on a bounded pool is what dspamd does, keeps the state machine a plain loop, and
 * needs nothing beyond the JDK, so the engine jar also runs standalone. Connections are limited
 * ({@code ServerMaxConnections}); pipelined replies are written in one write when the server is
 * about to wait for input, so there is no per-reply Nagle stall.
 *
 * <p><b>Better than dspamd</b> (each is documented where it is done): one write per reply batch
 * and TCP_NODELAY; path-like and over-long user names refused ({@code 503 5.1.2}); a
 * DSPAMPROCESSMODE over 255 bytes refused instead of truncated; {@code --help}/{@code --version}
 * answered {@code 554 5.1.0} instead of terminating the daemon; a message above MaxMessageSize is
 * never buffered; command lines are limited ({@code 500 5.5.2 Line too long}); a connection limit
 * ({@code 421 4.3.2}); configurable idle and DATA timeouts that bound a whole command line and a
 * whole DATA (a peer trickling a byte at a time cannot hold a connection); constant-time password
 * comparison; repeated failed authentications from one address lock it out
 * ({@link AuthenticationThrottle}); peer text in logs escaped and cut; the UNIX socket is created
 * rw for owner and group only (dspamd: 0777).
 *
 * <p><b>Graceful shutdown</b>: stop accepting, end connections waiting between transactions,
 * let transactions in flight finish (up to ServerShutdownTimeout), then close what is left.
 */
public final class DlmtpServer implements Closeable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DlmtpServer.class);
    private static final long WATCHDOG_PERIOD_MILLIS = 100;

    private final DlmtpServerSettings settings;
    private final DspamBackend backend;
    private final Authenticator authenticator;
    private final AuthenticationThrottle throttle;
    private final TransactionAnswer answer;
    private final ProcessModeParser processModeParser;
    private final ServerSocketChannel listener;
    private final Optional<InetSocketAddress> tcpAddress;
    private final Optional<Path> socketPath;
    private final Set<DlmtpServerSession> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;
    private final Thread acceptor;
    private volatile boolean closing;

    private DlmtpServer(DlmtpServerSettings settings, DspamBackend backend, ServerSocketChannel listener,
                        Optional<InetSocketAddress> tcpAddress, Optional<Path> socketPath) {
        this.settings = settings;
        this.backend = backend;
        this.authenticator = new Authenticator(settings);
        this.throttle = AuthenticationThrottle.of(settings);
        this.answer = new TransactionAnswer(settings);
        this.processModeParser = ProcessModeParser.withClassAliases(settings.spamAliases(), settings.innocentAliases());
        this.listener = listener;
        this.tcpAddress = tcpAddress;
        this.socketPath = socketPath;
        this.workers = new ThreadPoolExecutor(settings.maxConnections(), settings.maxConnections(), 60, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), DaemonThreads.named("dlmtp-connection-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("dlmtp-watchdog-"));
        this.acceptor = DaemonThreads.named("dlmtp-acceptor-").newThread(this::acceptLoop);
    }

    /** Binds the listener of {@code settings} and starts serving {@code backend}. */
    public static DlmtpServer start(DlmtpServerSettings settings, DspamBackend backend) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(backend, "backend");
        DlmtpServer server;
        if (settings.domainSocketPath().isPresent()) {
            Path path = settings.domainSocketPath().get();
            // A socket file left by an earlier run would make bind fail; dspamd unlinks it too.
            Files.deleteIfExists(path);
            ServerSocketChannel channel = UnixDomainSockets.bind(path, settings.queueSize());
            restrictPermissions(path);
            server = new DlmtpServer(settings, backend, channel, Optional.empty(), Optional.of(path));
        } else {
            ServerSocketChannel channel = ServerSocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                SocketAddress address = settings.host().map(h -> new InetSocketAddress(h, settings.port()))
                    .orElseGet(() -> new InetSocketAddress(settings.port()));
                channel.bind(address, settings.queueSize());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            server = new DlmtpServer(settings, backend, channel,
                Optional.of((InetSocketAddress) channel.getLocalAddress()), Optional.empty());
        }
        server.watchdog.scheduleAtFixedRate(server::enforceDeadlines, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
            TimeUnit.MILLISECONDS);
        server.acceptor.start();
        LOGGER.info("DLMTP server ({} mode) listening on {} for backend {}", settings.mode(), server.describeAddress(),
            backend.name());
        if (settings.mode() != DlmtpServerSettings.ServerMode.DSPAM) {
            LOGGER.warn("ServerMode {} serves plain LMTP without authentication (options from ServerParameters):"
                + " anyone who can connect to {} can have messages classified and learned", settings.mode(),
                server.describeAddress());
        }
        return server;
    }

    private static void restrictPermissions(Path path) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | UnsupportedOperationException e) {
            LOGGER.warn("Could not restrict the permissions of {}: {}", path, e.toString());
        }
    }

    /** The bound TCP address (with the real port when 0 was asked for); empty for a UNIX socket. */
    public Optional<InetSocketAddress> tcpAddress() {
        return tcpAddress;
    }

    /** The UNIX socket path; empty when listening on TCP. */
    public Optional<Path> unixSocketPath() {
        return socketPath;
    }

    public String describeAddress() {
        return socketPath.map(p -> "unix:" + p).orElseGet(() -> tcpAddress.map(Object::toString).orElse("?"));
    }

    /** Connections currently open. */
    public int connectionCount() {
        return connectionCount.get();
    }

    public boolean isRunning() {
        return !closing;
    }

    private void acceptLoop() {
        while (!closing) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOGGER.warn("DLMTP accept failed: {}", e.toString());
                continue;
            }
            admit(channel);
        }
    }

    private void admit(SocketChannel channel) {
        String peer = peerOf(channel);
        Optional<InetAddress> address = addressOf(channel);
        try {
            if (tcpAddress.isPresent()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            Optional<Duration> lockout = address.flatMap(throttle::lockedFor);
            if (lockout.isPresent()) {
                // Refused before a word is read: no log line per attempt (the lockout's start was logged).
                channel.write(ByteBuffer.wrap((DlmtpReplies.lockedOut(lockout.get()) + "\r\n").getBytes(StandardCharsets.US_ASCII)));
                channel.close();
                return;
            }
            if (connectionCount.incrementAndGet() > settings.maxConnections() || closing) {
                connectionCount.decrementAndGet();
                LOGGER.warn("DLMTP connection from {} refused: {} connections open", peer, settings.maxConnections());
                channel.write(ByteBuffer.wrap((DlmtpReplies.TOO_MANY_CONNECTIONS + "\r\n").getBytes(StandardCharsets.US_ASCII)));
                channel.close();
                return;
            }
            DlmtpServerSession connection = new DlmtpServerSession(this, channel, peer, address);
            connections.add(connection);
            workers.execute(connection);
        } catch (IOException | RuntimeException e) {
            LOGGER.warn("DLMTP connection from {} could not be set up: {}", peer, e.toString());
            try {
                channel.close();
            } catch (IOException closeFailure) {
                LOGGER.debug("Closing {}: {}", peer, closeFailure.toString());
            }
        }
    }

    private static String peerOf(SocketChannel channel) {
        try {
            SocketAddress remote = channel.getRemoteAddress();
            return remote == null || remote.toString().isEmpty() ? "local socket" : remote.toString();
        } catch (IOException e) {
            return "unknown peer";
        }
    }

    /** The peer's IP address; empty on a UNIX socket, whose peers the throttle does not tell apart. */
    private static Optional<InetAddress> addressOf(SocketChannel channel) {
        try {
            SocketAddress remote = channel.getRemoteAddress();
            return remote instanceof InetSocketAddress
                ? Optional.ofNullable(((InetSocketAddress) remote).getAddress()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void connectionEnded(DlmtpServerSession connection) {
        if (connections.remove(connection)) {
            connectionCount.decrementAndGet();
        }
    }

    private void enforceDeadlines() {
        long now = System.nanoTime();
        for (DlmtpServerSession connection : connections) {
            connection.enforceDeadline(now);
        }
    }

    /** dspamd sleeps 5 s before dropping a client that failed to authenticate three times. */
    void pauseAfterAuthenticationFailures() {
        try {
            Thread.sleep(settings.authFailureDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    DlmtpServerSettings settings() {
        return settings;
    }

    DspamBackend backend() {
        return backend;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    AuthenticationThrottle throttle() {
        return throttle;
    }

    TransactionAnswer answer() {
        return answer;
    }

    ProcessModeParser processModeParser() {
        return processModeParser;
    }

    boolean isClosing() {
        return closing;
    }

    /**
     * Stops accepting, ends connections waiting between transactions, waits up to
     * ServerShutdownTimeout for transactions in flight, then closes whatever is left. The backend
     * is not closed: whoever created it owns it.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOGGER.warn("Closing the DLMTP listener: {}", e.toString());
        }
        socketPath.ifPresent(DlmtpServer::deleteSocketFile);
        connections.forEach(DlmtpServerSession::closeIfIdle);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.warn("DLMTP server: {} connections still busy after {}, closing them",
                    connections.size(), settings.shutdownTimeout());
                connections.forEach(DlmtpServerSession::closeChannel);
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connections.forEach(DlmtpServerSession::closeChannel);
            workers.shutdownNow();
        } finally {
            watchdog.shutdownNow();
        }
        LOGGER.info("DLMTP server on {} stopped", describeAddress());
    }

    private static void deleteSocketFile(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOGGER.warn("Could not delete the socket file {}: {}", path, e.toString());
        }
    }
}
