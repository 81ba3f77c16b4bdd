package io.jamesdspam.mailet.backend;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.mailet.configuration.BackendGuardSettings;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;

/**
 * The one gate to the shared backend for the mailets and the SMTP hook (one instance per
 * backend, provided by {@code DspamModule} and closed with the backend). Every call is bounded by
 * the caller's timeout, whatever the backend does: a dspamd that accepts the connection and never
 * answers must not hold a mail (and a spool thread) longer than that. Calls run on at most
 * {@link BackendGuardSettings#threads()} named daemon threads ({@code dspam-<backend>-<n>}); a
 * caller waiting for a free thread spends its own timeout doing so. A {@link CircuitBreaker}
 * refuses calls at once while the backend is known to hang or be unreachable.
 */
public final class TimeBoundBackend implements AutoCloseable {
    private final DspamBackend backend;
    private final ThreadPoolExecutor workers;
    private final Optional<CircuitBreaker> breaker;

    public TimeBoundBackend(DspamBackend backend, BackendGuardSettings settings) {
        this(backend, settings, System::nanoTime);
    }

    TimeBoundBackend(DspamBackend backend, BackendGuardSettings settings, LongSupplier nanoTime) {
        this.backend = backend;
        this.workers = new ThreadPoolExecutor(settings.threads(), settings.threads(), 1, TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(), namedDaemons("dspam-" + backend.name() + "-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.breaker = settings.breakerEnabled()
            ? Optional.of(new CircuitBreaker(backend.name(), settings.breakerFailures(), settings.breakerOpenFor(), nanoTime))
            : Optional.empty();
    }

    private static ThreadFactory namedDaemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Executes the request within {@code timeout}.
     *
     * @throws DspamException the backend's own failure; a {@code TIMEOUT} (for a request that may
     *                        learn, saying that it may have learned); {@code UNREACHABLE} at once
     *                        while the circuit is open; {@code INTERNAL} for anything else
     */
    public DspamResponse execute(DspamRequest request, Duration timeout) {
        breaker.ifPresent(CircuitBreaker::admit);
        try {
            DspamResponse response = call(request, timeout);
            breaker.ifPresent(CircuitBreaker::answered);
            return response;
        } catch (DspamException e) {
            breaker.ifPresent(b -> b.failed(e));
            throw e;
        }
    }

    private DspamResponse call(DspamRequest request, Duration timeout) {
        Future<DspamResponse> call;
        try {
            call = workers.submit(() -> backend.execute(request));
        } catch (RejectedExecutionException e) {
            throw new DspamException(DspamException.Kind.INTERNAL, "The DSPAM backend " + backend.name() + " is closed", e);
        }
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DspamException(DspamException.Kind.TIMEOUT, backend.name() + " gave no answer within "
                + timeout.toMillis() + " ms" + (request.mayLearn()
                ? "; it may have learned from this request, which is not recorded as trained" : ""), e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new DspamException(DspamException.Kind.TIMEOUT, "Interrupted while waiting for " + backend.name()
                + (request.mayLearn() ? "; it may have learned from this request" : ""), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DspamException) {
                throw (DspamException) cause;
            }
            throw new DspamException(DspamException.Kind.INTERNAL, backend.name() + " failed: " + cause, cause);
        }
    }

    public String backendName() {
        return backend.name();
    }

    /** Calls started and not yet returned by the backend (a hung backend keeps them). */
    int busyThreads() {
        return workers.getActiveCount();
    }

    int threads() {
        return workers.getPoolSize();
    }

    Optional<CircuitBreaker.State> breakerState() {
        return breaker.map(CircuitBreaker::state);
    }

    /** Stops the threads (interrupting calls in flight); the backend itself is closed by its owner. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
