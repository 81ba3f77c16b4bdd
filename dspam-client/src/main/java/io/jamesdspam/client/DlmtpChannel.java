package io.jamesdspam.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import jdk.net.ExtendedSocketOptions;

/**
 * One non-blocking socket to dspamd with deadlines on every connect, read and write, so that a
 * silent or stuck daemon can never hang the caller.
 *
 * <p>UNIX domain sockets use the JDK's own support ({@code StandardProtocolFamily.UNIX} and
 * {@code UnixDomainSocketAddress}, Java 16+), looked up reflectively because the plugin is
 * compiled for Java 11. This was chosen over a native library such as junixsocket: no native
 * code and nothing to shade into the drop-in jar. On Java 11 to 15 a socket endpoint is refused
 * when the configuration is read, with a message saying so ({@link #unixSocketsSupported()}).
 *
 * <p>Over TCP, {@code TCP_NODELAY} is set and {@code TCP_QUICKACK} re-armed before and after
 * every read where the platform offers it (Linux): dspamd writes each reply in two
 * {@code send()} calls and its own {@code TCP_NODELAY} attempt is broken, so without quick ACKs
 * every reply waits ~40 ms for the delayed ACK (docs/PROTOCOL.md §1, §11). The option is not sticky,
 * hence the re-arming.
 */
final class DlmtpChannel implements Closeable {
    private static final ProtocolFamily UNIX_FAMILY = unixFamily();
    private static final Method UNIX_ADDRESS_OF = unixAddressFactory();
    private static final Method OPEN_WITH_FAMILY = openWithFamily();

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final boolean quickAck;

    private DlmtpChannel(SocketChannel channel, Selector selector, SelectionKey key, boolean quickAck) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
        this.quickAck = quickAck;
    }

    /** Whether this JVM can connect to UNIX domain sockets (Java 16+). */
    static boolean unixSocketsSupported() {
        return UNIX_FAMILY != null && UNIX_ADDRESS_OF != null && OPEN_WITH_FAMILY != null;
    }

    static DlmtpChannel connect(DlmtpEndpoint endpoint, Duration timeout) throws IOException {
        SocketAddress address;
        SocketChannel channel;
        if (endpoint.isUnixSocket()) {
            if (!unixSocketsSupported()) {
                throw new IOException("UNIX domain sockets need Java 16 or later; this is Java "
                    + Runtime.version().feature() + ". Use a TCP endpoint.");
            }
            address = unixAddress(endpoint);
            channel = openUnixChannel();
        } else {
            address = new InetSocketAddress(endpoint.host().orElseThrow(), endpoint.port());
            if (((InetSocketAddress) address).isUnresolved()) {
                throw new UnknownHostException("Unknown dspamd host " + endpoint.host().orElseThrow());
            }
            channel = SocketChannel.open();
        }
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            boolean quickAck = false;
            if (!endpoint.isUnixSocket()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                quickAck = channel.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
            }
            selector = Selector.open();
            SelectionKey key = channel.register(selector, 0);
            DlmtpChannel result = new DlmtpChannel(channel, selector, key, quickAck);
            result.finishConnect(address, System.nanoTime() + timeout.toNanos());
            return result;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (selector != null) {
                closeQuietly(selector);
            }
            throw e;
        }
    }

    private void finishConnect(SocketAddress address, long deadline) throws IOException {
        if (channel.connect(address)) {
            return;
        }
        key.interestOps(SelectionKey.OP_CONNECT);
        while (!channel.finishConnect()) {
            awaitReady(deadline, "connecting");
        }
        key.interestOps(0);
    }

    /**
     * Reads what is available into {@code buffer}, waiting until {@code deadline} (System.nanoTime)
     * for at least one byte.
     *
     * @return the number of bytes read, -1 when dspamd closed the connection
     */
    int read(ByteBuffer buffer, long deadline) throws IOException {
        armQuickAck();
        int n = channel.read(buffer);
        if (n != 0) {
            armQuickAck();
            return n;
        }
        key.interestOps(SelectionKey.OP_READ);
        try {
            while (true) {
                awaitReady(deadline, "waiting for a reply");
                armQuickAck();
                n = channel.read(buffer);
                if (n != 0) {
                    armQuickAck();
                    return n;
                }
            }
        } finally {
            key.interestOps(0);
        }
    }

    /**
     * Writes every remaining byte of {@code buffers}; fails when no byte could be written for
     * {@code stallTimeout} (a peer that stopped reading).
     */
    void write(ByteBuffer[] buffers, Duration stallTimeout) throws IOException {
        boolean registered = false;
        long deadline = System.nanoTime() + stallTimeout.toNanos();
        try {
            while (hasRemaining(buffers)) {
                long n = channel.write(buffers);
                if (n > 0) {
                    deadline = System.nanoTime() + stallTimeout.toNanos();
                } else {
                    if (!registered) {
                        key.interestOps(SelectionKey.OP_WRITE);
                        registered = true;
                    }
                    awaitReady(deadline, "sending");
                }
            }
        } finally {
            if (registered) {
                key.interestOps(0);
            }
        }
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private void awaitReady(long deadline, String activity) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            // select() would return at once for ever: give up instead of spinning until the deadline
            throw new InterruptedIOException("interrupted while " + activity);
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("timed out " + activity);
        }
        selector.select(Math.max(1, remaining / 1_000_000));
        selector.selectedKeys().clear();
    }

    private void armQuickAck() {
        if (quickAck) {
            try {
                channel.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
            } catch (IOException | UnsupportedOperationException e) {
                // Only a latency optimisation: a socket that refuses it still works.
            }
        }
    }

    boolean usesQuickAck() {
        return quickAck;
    }

    @Override
    public void close() {
        closeQuietly(selector);
        closeQuietly(channel);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // Nothing left to do with a socket that cannot even be closed.
        }
    }

    private static SocketAddress unixAddress(DlmtpEndpoint endpoint) throws IOException {
        try {
            return (SocketAddress) UNIX_ADDRESS_OF.invoke(null, endpoint.socketPath().orElseThrow());
        } catch (InvocationTargetException e) {
            throw new IOException("Invalid UNIX socket path " + endpoint + ": " + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("Cannot build the UNIX socket address " + endpoint, e);
        }
    }

    private static SocketChannel openUnixChannel() throws IOException {
        try {
            return (SocketChannel) OPEN_WITH_FAMILY.invoke(null, UNIX_FAMILY);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException("Cannot open a UNIX domain socket channel", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("Cannot open a UNIX domain socket channel", e);
        }
    }

    private static Method openWithFamily() {
        try {
            return SocketChannel.class.getMethod("open", ProtocolFamily.class);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static ProtocolFamily unixFamily() {
        try {
            return StandardProtocolFamily.valueOf("UNIX");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Method unixAddressFactory() {
        try {
            return Class.forName("java.net.UnixDomainSocketAddress").getMethod("of", java.nio.file.Path.class);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
