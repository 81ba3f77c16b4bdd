package io.jamesdspam.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jamesdspam.api.DspamException.Kind;
import io.jamesdspam.client.DlmtpException.Phase;

/**
 * A bounded set of open DLMTP sessions over all endpoints: at most {@code poolSize} connections
 * exist at any time, busy or idle. Idle sessions are reused most-recently-used first, so that
 * surplus ones age out; one idle longer than {@code maxIdle} is closed instead of reused
 * (dspamd drops sessions idle for 300 s).
 */
final class ConnectionPool {
    private final DlmtpClientConfiguration configuration;
    private final Map<DlmtpEndpoint, Deque<DlmtpConnection>> idle = new HashMap<>();
    private int open;
    private boolean closed;

    ConnectionPool(DlmtpClientConfiguration configuration) {
        this.configuration = configuration;
    }

    /** A borrowed session, and whether it had been used before (and may have gone stale). */
    static final class Lease {
        final DlmtpConnection connection;
        final boolean reused;

        Lease(DlmtpConnection connection, boolean reused) {
            this.connection = connection;
            this.reused = reused;
        }
    }

    /**
     * An idle session to {@code endpoint} (unless {@code fresh}), or a new one once a slot is free;
     * waits at most the reply timeout for a slot.
     */
    Lease acquire(DlmtpEndpoint endpoint, boolean fresh) {
        List<DlmtpConnection> toClose = new ArrayList<>();
        DlmtpConnection reusable = null;
        try {
            synchronized (this) {
                long deadline = System.nanoTime() + configuration.replyTimeout().toNanos();
                while (true) {
                    if (closed) {
                        throw new DlmtpException(Kind.UNREACHABLE, Phase.SESSION, endpoint.toString(),
                            "the DLMTP client is closed", null, null);
                    }
                    Deque<DlmtpConnection> sessions = idle.getOrDefault(endpoint, new ArrayDeque<>());
                    while (!fresh && reusable == null && !sessions.isEmpty()) {
                        DlmtpConnection candidate = sessions.pollFirst();
                        if (candidate.idleLongerThan(configuration.maxIdle())) {
                            toClose.add(candidate);
                            open--;
                        } else {
                            reusable = candidate;
                        }
                    }
                    if (reusable != null) {
                        return new Lease(reusable, true);
                    }
                    if (open < configuration.poolSize()) {
                        open++;
                        break;
                    }
                    DlmtpConnection evicted = oldestIdle();
                    if (evicted != null) {
                        toClose.add(evicted);
                        break;
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        throw new DlmtpException(Kind.TIMEOUT, Phase.SESSION, endpoint.toString(), "all "
                            + configuration.poolSize() + " pooled connections stayed busy for " + configuration.replyTimeout(),
                            null, null);
                    }
                    try {
                        wait(Math.max(1, remaining / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DlmtpException(Kind.INTERNAL, Phase.SESSION, endpoint.toString(),
                            "interrupted while waiting for a pooled connection", null, e);
                    }
                }
            }
        } finally {
            toClose.forEach(DlmtpConnection::close);
        }
        try {
            return new Lease(DlmtpConnection.open(endpoint, configuration), false);
        } catch (RuntimeException e) {
            synchronized (this) {
                open--;
                notifyAll();
            }
            throw e;
        }
    }

    /** The least recently used idle session of any endpoint, removed from the pool (its slot is kept). */
    private DlmtpConnection oldestIdle() {
        for (Deque<DlmtpConnection> sessions : idle.values()) {
            if (!sessions.isEmpty()) {
                return sessions.pollLast();
            }
        }
        return null;
    }

    /** Gives a session back: kept if it is in a known state, closed otherwise. */
    void release(DlmtpConnection connection) {
        boolean keep;
        synchronized (this) {
            keep = !closed && connection.isReusable();
            if (keep) {
                idle.computeIfAbsent(connection.endpoint(), e -> new ArrayDeque<>()).addFirst(connection);
            } else {
                open--;
            }
            notifyAll();
        }
        if (!keep) {
            connection.close();
        }
    }

    synchronized int openConnections() {
        return open;
    }

    synchronized int idleConnections() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    /** Closes every idle session with QUIT; busy ones are closed when they come back. */
    void close() {
        List<DlmtpConnection> sessions = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(sessions::addAll);
            idle.clear();
            open -= sessions.size();
            notifyAll();
        }
        sessions.forEach(DlmtpConnection::quit);
    }
}
