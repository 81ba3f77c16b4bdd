package io.jamesdspam.mailet.backend;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamException;

/**
 * Stops a hung or unreachable backend from costing every mail its timeout. Without it a
 * stopped dspamd held each of James's spool threads for the whole timeout, mail after mail, and
 * nothing was delivered for minutes (issue 15's probe: no delivery for 29 s, then 20, ...).
 *
 * <p>Closed: calls go through; {@code failures} timeouts or connection failures in a row open
 * the circuit. Open: calls fail at once, without touching the backend, for {@code openFor}. Then
 * half-open: the next call is let through as a probe while the others still fail at once; the
 * probe's success closes the circuit, its timeout or connection failure opens it again. Other
 * failures (a refused option, a garbled reply) prove the backend answers, so they count as
 * answers here.
 *
 * <p>Waiting for {@code failures} timeouts would still hold every spool thread for a whole timeout
 * when the backend hangs (30 s by default: nothing delivered meanwhile). So as many calls waiting
 * longer than {@code slowCall} at the same time open the circuit too, and {@link #openSignal()}
 * releases every call still waiting.
 */
final class CircuitBreaker {
    private static final Logger LOGGER = LoggerFactory.getLogger(CircuitBreaker.class);

    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final String backendName;
    private final int failureThreshold;
    private final long openForNanos;
    private final LongSupplier nanoTime;

    private State state = State.CLOSED;
    private CompletableFuture<Void> opened = new CompletableFuture<>();
    private int slowCalls;
    private int consecutiveFailures;
    private long openedAt;
    private String lastFailure = "";

    CircuitBreaker(String backendName, int failureThreshold, Duration openFor, LongSupplier nanoTime) {
        this.backendName = backendName;
        this.failureThreshold = failureThreshold;
        this.openForNanos = openFor.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * Lets one call through, or refuses it.
     *
     * @throws DspamException {@code UNREACHABLE} while the circuit is open or a probe is in flight
     */
    synchronized void admit() {
        switch (state) {
            case CLOSED:
                return;
            case OPEN:
                long waited = nanoTime.getAsLong() - openedAt;
                if (waited >= openForNanos) {
                    state = State.HALF_OPEN;
                    LOGGER.info("DSPAM backend {}: probing it with the next call after {} s", backendName,
                        TimeUnit.NANOSECONDS.toSeconds(waited));
                    return;
                }
                throw refused("next probe in " + TimeUnit.NANOSECONDS.toSeconds(openForNanos - waited + 999_999_999L) + " s");
            default:
                throw refused("a probe is in flight");
        }
    }

    private DspamException refused(String when) {
        return new DspamException(DspamException.Kind.UNREACHABLE, "circuit open: " + backendName + " failed "
            + consecutiveFailures + " times in a row (last: " + lastFailure + "); not asked, " + when);
    }

    /** The backend answered (possibly with a failure of its own). */
    synchronized void answered() {
        if (state != State.CLOSED) {
            LOGGER.info("DSPAM backend {} answers again: circuit closed", backendName);
        }
        state = State.CLOSED;
        consecutiveFailures = 0;
    }

    /** The call ended with {@code failure}; only timeouts and connection failures count. */
    synchronized void failed(DspamException failure) {
        if (!counts(failure.kind())) {
            answered();
            return;
        }
        consecutiveFailures++;
        lastFailure = failure.kind() + " " + failure.getMessage();
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= failureThreshold)) {
            open(consecutiveFailures + " failures in a row (last: " + lastFailure + ")");
        }
    }

    /** A call has waited longer than the slow-call time; it calls {@link #slowCallEnded()} when it returns. */
    synchronized void slowCallStarted() {
        slowCalls++;
        if (state == State.CLOSED && slowCalls >= failureThreshold) {
            consecutiveFailures = slowCalls;
            lastFailure = slowCalls + " calls waiting at once longer than the slow-call time";
            open(lastFailure);
        }
    }

    synchronized void slowCallEnded() {
        slowCalls--;
    }

    /** Completes when the circuit next opens: a waiting call then gives up at once. */
    synchronized CompletableFuture<Void> openSignal() {
        return opened;
    }

    private void open(String why) {
        LOGGER.warn("DSPAM backend {}: circuit open after {}; mail is delivered unclassified at once for {} s,"
            + " then one call probes the backend", backendName, why, TimeUnit.NANOSECONDS.toSeconds(openForNanos));
        state = State.OPEN;
        openedAt = nanoTime.getAsLong();
        CompletableFuture<Void> signal = opened;
        opened = new CompletableFuture<>();
        signal.complete(null);
    }

    private static boolean counts(DspamException.Kind kind) {
        return kind == DspamException.Kind.TIMEOUT || kind == DspamException.Kind.UNREACHABLE;
    }

    synchronized State state() {
        return state;
    }
}
