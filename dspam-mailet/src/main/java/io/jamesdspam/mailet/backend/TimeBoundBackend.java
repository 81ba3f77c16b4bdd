package io.jamesdspam.mailet.backend;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.engine.concurrent.DaemonThreads;
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
 * refuses calls at once while the backend is known to hang or be unreachable, and releases the
 * calls still waiting when it opens.
 */
public final class TimeBoundBackend implements AutoCloseable {
    /** How long {@link #close} waits for calls in flight of a backend that must not be interrupted. */
    static final Duration UNINTERRUPTED_CLOSE_WAIT = Duration.ofSeconds(5);

    private final DspamBackend backend;
    private final ThreadPoolExecutor workers;
    private final Optional<CircuitBreaker> breaker;
    private final long slowCallNanos;

    public TimeBoundBackend(DspamBackend backend, BackendGuardSettings settings) {
        this(backend, settings, System::nanoTime);
    }

    TimeBoundBackend(DspamBackend backend, BackendGuardSettings settings, LongSupplier nanoTime) {
        this.backend = backend;
        this.workers = new ThreadPoolExecutor(settings.threads(), settings.threads(), 1, TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(), DaemonThreads.named("dspam-" + backend.name() + "-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.breaker = settings.breakerEnabled()
            ? Optional.of(new CircuitBreaker(backend.name(), settings.breakerFailures(), settings.breakerOpenFor(), nanoTime))
            : Optional.empty();
        this.slowCallNanos = settings.breakerSlowCall().toNanos();
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
        } catch (CircuitOpened e) {
            // Released because the circuit opened: the backend was not heard from, so this call
            // is no failure of its own for the breaker's count.
            throw new DspamException(DspamException.Kind.UNREACHABLE, "circuit opened while waiting for " + backend.name()
                + (request.mayLearn() ? "; it may have learned from this request, which is not recorded as trained" : ""));
        }
    }

    private DspamResponse call(DspamRequest request, Duration timeout) throws CircuitOpened {
        CompletableFuture<DspamResponse> answer = new CompletableFuture<>();
        Future<?> call;
        try {
            call = workers.submit(() -> {
                try {
                    answer.complete(backend.execute(request));
                } catch (RuntimeException | Error e) {
                    // a StackOverflowError on hostile input is this mail's failure, not a timeout
                    answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new DspamException(DspamException.Kind.INTERNAL, "The DSPAM backend " + backend.name() + " is closed", e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            return await(answer, deadline);
        } catch (TimeoutException e) {
            abandon(call);
            throw new DspamException(DspamException.Kind.TIMEOUT, backend.name() + " gave no answer within "
                + timeout.toMillis() + " ms" + (request.mayLearn()
                ? "; it may have learned from this request, which is not recorded as trained" : ""), e);
        } catch (CircuitOpened e) {
            abandon(call);
            throw e;
        } catch (InterruptedException e) {
            abandon(call);
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

    /**
     * The answer by the deadline. Past the slow-call time the call counts as slow for the
     * breaker, and gives up as soon as the circuit opens.
     */
    private DspamResponse await(CompletableFuture<DspamResponse> answer, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException, CircuitOpened {
        if (breaker.isEmpty()) {
            return answer.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        long slowAt = System.nanoTime() + slowCallNanos;
        if (slowAt >= deadline) {
            return answer.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        try {
            return answer.get(slowAt - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException slow) {
            // still waiting: counted below
        }
        CompletableFuture<Void> opened = breaker.get().openSignal();
        breaker.get().slowCallStarted();
        try {
            CompletableFuture.anyOf(answer, opened).get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // the answer failed: rethrown below
        } finally {
            breaker.get().slowCallEnded();
        }
        if (!answer.isDone()) {
            throw new CircuitOpened();
        }
        return answer.get();
    }

    /**
     * Gives up on a call: interrupts its thread only if the backend allows it (an interrupt would
     * close the embedded store's file channels); otherwise the call finishes on its own thread.
     */
    private void abandon(Future<?> call) {
        call.cancel(backend.interruptible());
    }

    /** The circuit opened while a call was waiting. */
    private static final class CircuitOpened extends Exception {
        private static final long serialVersionUID = 1L;
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

    /**
     * Stops the threads; the backend itself is closed by its owner. Calls not started are
     * dropped. Calls in flight are interrupted if the backend allows it; otherwise (the embedded
     * engine, whose file channels an interrupt closes) they are given up to
     * {@link #UNINTERRUPTED_CLOSE_WAIT} to finish their message before the backend is closed
     * under them, and interrupted only after that.
     */
    @Override
    public void close() {
        if (backend.interruptible()) {
            workers.shutdownNow();
            return;
        }
        workers.getQueue().clear();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(UNINTERRUPTED_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
