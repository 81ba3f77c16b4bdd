package io.jamesdspam.it.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between James's DLMTP client and the DLMTP server that misbehaves on demand, the
 * faults a real dspamd (or the network) shows. The mode is read for every chunk the server sends,
 * so connections the client keeps in its pool are affected at once, as in life.
 */
final class FaultProxy implements AutoCloseable {
    /** What the peer seems to do. */
    enum Mode {
        /** Forwards both ways. */
        PASS,
        /** Answers every chunk with control bytes and nonsense instead of the server's bytes. */
        GARBAGE,
        /** Forwards until the summary line starts, sends half of it, then closes both sides. */
        CLOSE_MID_REPLY,
        /** Keeps accepting and reading, never answers. */
        SILENT
    }

    private static final byte[] GARBAGE_REPLY = "\u0000\u0007\u001b[2J HELLO GARBAGE ~~~ \u00ff\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] SUMMARY_START = "X-DSPAM-Result: ".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private volatile Mode mode = Mode.PASS;

    private FaultProxy(ServerSocket listener, int upstreamPort) {
        this.listener = listener;
        this.upstreamPort = upstreamPort;
    }

    static FaultProxy start(int upstreamPort) throws IOException {
        ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        FaultProxy proxy = new FaultProxy(listener, upstreamPort);
        proxy.threads.execute(proxy::acceptLoop);
        return proxy;
    }

    int port() {
        return listener.getLocalPort();
    }

    long connectionsAccepted() {
        return connections.get();
    }

    /** Switches the fault; {@link Mode#PASS} also drops every open connection, so the client starts clean. */
    void mode(Mode newMode) {
        Mode old = mode;
        mode = newMode;
        if (newMode == Mode.PASS && old != Mode.PASS) {
            sockets.forEach(this::closeQuietly);
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                sockets.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket server = new Socket();
        try {
            if (mode == Mode.PASS || mode == Mode.CLOSE_MID_REPLY) {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 2000);
                sockets.add(server);
            }
            Socket upstream = server.isConnected() ? server : null;
            threads.execute(() -> clientToServer(client, upstream));
            if (upstream != null) {
                serverToClient(upstream, client);
            } else if (mode == Mode.GARBAGE) {
                client.getOutputStream().write(GARBAGE_REPLY);
            }
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void clientToServer(Socket client, Socket server) {
        byte[] buffer = new byte[16384];
        try (InputStream in = client.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                Mode now = mode;
                if (now == Mode.GARBAGE) {
                    client.getOutputStream().write(GARBAGE_REPLY);
                } else if (server != null && now != Mode.SILENT) {
                    server.getOutputStream().write(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            // the other side went away: closed below
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void serverToClient(Socket server, Socket client) throws IOException {
        byte[] buffer = new byte[16384];
        InputStream in = server.getInputStream();
        OutputStream out = client.getOutputStream();
        int read;
        try {
            while ((read = in.read(buffer)) >= 0) {
                Mode now = mode;
                if (now == Mode.SILENT) {
                    continue;
                }
                if (now == Mode.GARBAGE) {
                    out.write(GARBAGE_REPLY);
                    continue;
                }
                int summary = indexOf(buffer, read, SUMMARY_START);
                if (now == Mode.CLOSE_MID_REPLY && summary >= 0) {
                    out.write(buffer, 0, summary + SUMMARY_START.length + 3);
                    out.flush();
                    return;
                }
                out.write(buffer, 0, read);
            }
        } finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static int indexOf(byte[] buffer, int length, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
