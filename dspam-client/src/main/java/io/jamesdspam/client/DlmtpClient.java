package io.jamesdspam.client;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.api.DspamException.Kind;
import io.jamesdspam.client.DlmtpException.Phase;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;

/**
 * DSPAM reached over DLMTP: a dspamd ({@code dspam --daemon}, {@code ServerMode dspam}) on TCP or
 * a UNIX domain socket, byte for byte as docs/PROTOCOL.md and its transcripts describe.
 *
 * <ul>
 *   <li><b>Transport.</b> TCP, or a UNIX domain socket through the JDK's own support (Java 16+,
 *       reached reflectively because the plugin is compiled for Java 11; on older runtimes a
 *       socket endpoint is refused by the configuration). No native library is needed, hence
 *       nothing to shade. Over TCP, {@code TCP_QUICKACK} is re-armed around every read where the
 *       platform offers it, which avoids dspamd's ~40 ms stall per reply.</li>
 *   <li><b>Sessions.</b> A bounded pool of persistent sessions ({@code poolSize}); every
 *       transaction carries its own {@code MAIL FROM:<password@ident>}. MAIL FROM, the RCPT TOs
 *       and DATA are pipelined (RFC 2920 style) when dspamd offers PIPELINING; the message goes
 *       out only after 354. A session that saw anything unexpected is closed, never reused.</li>
 *   <li><b>Failover.</b> Endpoints are tried in order; one that fails is skipped for the
 *       back-off period. A transaction that failed before DATA was acknowledged is retried on the
 *       next endpoint; after DATA only a {@code --classify} is, never one that may learn. A
 *       pooled session dspamd dropped while idle is replaced once on the same endpoint.</li>
 *   <li><b>Results.</b> One outcome per user; a user dspamd silently failed is "not classified"
 *       (docs/PROTOCOL.md §6.5), including upstream 3.10.2's LMTP-style fallback and its silence after
 *       a failed {@code --classify}, which the pipelined NOOP end marker delimits.</li>
 * </ul>
 * Thread-safe; close it to QUIT the pooled sessions.
 */
public final class DlmtpClient implements DspamBackend {
    private static final Logger LOGGER = LoggerFactory.getLogger(DlmtpClient.class);

    private final DlmtpClientConfiguration configuration;
    private final ConnectionPool pool;
    private final EndpointHealth health;

    private DlmtpClient(DlmtpClientConfiguration configuration) {
        this.configuration = configuration;
        this.pool = new ConnectionPool(configuration);
        this.health = new EndpointHealth(configuration.endpoints(), configuration.backoff());
    }

    /** Connects lazily: nothing is opened before the first request. */
    public static DlmtpClient create(DlmtpClientConfiguration configuration) {
        return new DlmtpClient(Objects.requireNonNull(configuration, "configuration"));
    }

    public DlmtpClientConfiguration configuration() {
        return configuration;
    }

    @Override
    public DspamResponse execute(DspamRequest request) {
        return transact(transactionFor(() -> DlmtpTransaction.of(request))).asResponse();
    }

    /**
     * Runs {@code request} with {@code --deliver=innocent,spam --stdout}: the result comes from the
     * returned message's headers ({@code DspamResult.returnedHeaders()}) and the tagged message is
     * in {@link DlmtpTransactionResult#returnedMessages()}. One user only.
     */
    public DlmtpTransactionResult executeReturningMessage(DspamRequest request) {
        return transact(transactionFor(() -> DlmtpTransaction.returningMessage(request)));
    }

    private interface TransactionFactory {
        DlmtpTransaction build();
    }

    private static DlmtpTransaction transactionFor(TransactionFactory factory) {
        try {
            return factory.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DspamException(Kind.INVALID_REQUEST, "Invalid DSPAM request: " + e.getMessage(), e);
        }
    }

    /** Runs one transaction with failover (see the class comment). */
    public DlmtpTransactionResult transact(DlmtpTransaction transaction) {
        Objects.requireNonNull(transaction, "transaction");
        DlmtpException failure = null;
        for (DlmtpEndpoint endpoint : health.candidates()) {
            try {
                DlmtpTransactionResult result = runOn(endpoint, transaction);
                health.markUp(endpoint);
                return result;
            } catch (DlmtpException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
                if (!e.isRetryable(transaction.mayLearn())) {
                    throw e;
                }
                health.markDown(endpoint);
                LOGGER.warn("dspamd endpoint {} failed ({}); skipping it for {}", endpoint, e.getMessage(),
                    configuration.backoff());
            }
        }
        throw failure;
    }

    private DlmtpTransactionResult runOn(DlmtpEndpoint endpoint, DlmtpTransaction transaction) {
        ConnectionPool.Lease lease = pool.acquire(endpoint, false);
        try {
            return runOn(lease, transaction);
        } catch (DlmtpException e) {
            if (lease.reused && e.phase() != Phase.AFTER_DATA && e.kind() == Kind.UNREACHABLE) {
                LOGGER.debug("Pooled dspamd session to {} was dropped while idle; opening a new one", endpoint);
                return runOn(pool.acquire(endpoint, true), transaction);
            }
            throw e;
        }
    }

    private DlmtpTransactionResult runOn(ConnectionPool.Lease lease, DlmtpTransaction transaction) {
        try {
            return lease.connection.execute(transaction, endMarkerFor(transaction));
        } finally {
            pool.release(lease.connection);
        }
    }

    private boolean endMarkerFor(DlmtpTransaction transaction) {
        switch (configuration.endMarker()) {
            case ALWAYS:
                return true;
            case NEVER:
                return false;
            default:
                return transaction.isClassifyOnly();
        }
    }

    /**
     * A session to the first endpoint that answers (greeting and LHLO for a new one), then RSET:
     * proves dspamd is up and speaks DLMTP without processing anything.
     */
    @Override
    public void ping() {
        DlmtpException failure = null;
        for (DlmtpEndpoint endpoint : health.candidates()) {
            try {
                ConnectionPool.Lease lease = pool.acquire(endpoint, false);
                try {
                    lease.connection.reset();
                } finally {
                    pool.release(lease.connection);
                }
                health.markUp(endpoint);
                return;
            } catch (DlmtpException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
                if (e.kind() == Kind.UNREACHABLE || e.kind() == Kind.TIMEOUT || e.kind() == Kind.PROTOCOL) {
                    health.markDown(endpoint);
                }
            }
        }
        throw failure;
    }

    @Override
    public String name() {
        return "dspamd";
    }

    /** Open sessions (busy and idle): for tests and metrics. */
    public int openConnections() {
        return pool.openConnections();
    }

    /** Idle pooled sessions: for tests and metrics. */
    public int idleConnections() {
        return pool.idleConnections();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "DlmtpClient" + configuration.endpoints();
    }
}
