package io.jamesdspam.mailet.configuration;

import java.time.Duration;

/**
 * How calls to the shared backend are bounded ({@code dspam.properties}, shared by every
 * component): at most {@code backend.threads} calls in flight, on named daemon threads; after
 * {@code breaker.failures} timeouts or connection failures in a row the circuit opens and calls
 * fail at once (mail delivered unclassified) for {@code breaker.openFor}, then one call probes the
 * backend. {@code breaker.failures} calls waiting longer than {@code breaker.slowCall} at the same
 * time open it too, and release every waiting call: a hung backend then holds mail that long, not
 * a whole timeout. {@code breaker.enabled=false} turns the breaker off (every call waits its timeout).
 */
public final class BackendGuardSettings {
    public static final int DEFAULT_THREADS = 32;
    public static final int DEFAULT_BREAKER_FAILURES = 3;
    public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BREAKER_SLOW_CALL = Duration.ofSeconds(5);

    private final int threads;
    private final boolean breakerEnabled;
    private final int breakerFailures;
    private final Duration breakerOpenFor;
    private final Duration breakerSlowCall;

    public BackendGuardSettings(int threads, boolean breakerEnabled, int breakerFailures, Duration breakerOpenFor,
                                Duration breakerSlowCall) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive");
        }
        if (breakerFailures <= 0) {
            throw new IllegalArgumentException("breaker failures must be positive");
        }
        if (breakerOpenFor.isNegative() || breakerOpenFor.isZero()) {
            throw new IllegalArgumentException("breaker open time must be positive");
        }
        if (breakerSlowCall.isNegative() || breakerSlowCall.isZero()) {
            throw new IllegalArgumentException("breaker slow call time must be positive");
        }
        this.threads = threads;
        this.breakerEnabled = breakerEnabled;
        this.breakerFailures = breakerFailures;
        this.breakerOpenFor = breakerOpenFor;
        this.breakerSlowCall = breakerSlowCall;
    }

    public static BackendGuardSettings defaults() {
        return new BackendGuardSettings(DEFAULT_THREADS, true, DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_OPEN_FOR,
            DEFAULT_BREAKER_SLOW_CALL);
    }

    /** The most backend calls in flight at once; further callers wait (within their timeout) for a thread. */
    public int threads() {
        return threads;
    }

    public boolean breakerEnabled() {
        return breakerEnabled;
    }

    /** Consecutive timeouts or connection failures that open the circuit. */
    public int breakerFailures() {
        return breakerFailures;
    }

    /** How long an open circuit refuses calls before one call probes the backend. */
    public Duration breakerOpenFor() {
        return breakerOpenFor;
    }

    /** How long a call may wait before it counts as slow (so many slow calls at once open the circuit). */
    public Duration breakerSlowCall() {
        return breakerSlowCall;
    }

    @Override
    public String toString() {
        return "threads=" + threads + ", breaker=" + (breakerEnabled ? "after " + breakerFailures
            + " failures or calls slower than " + breakerSlowCall + ", open for " + breakerOpenFor : "off");
    }
}
