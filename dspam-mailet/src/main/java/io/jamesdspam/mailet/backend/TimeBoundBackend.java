package io.jamesdspam.mailet.backend;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamException;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;

/**
 * Bounds every call to a backend by a timeout, whatever the backend does: a dspamd that accepts
 * the connection and then never answers must not hold a mail (and a spool thread) longer than the
 * configured time. The call runs on a worker thread that is interrupted when the time is up; the
 * caller gets a {@link DspamException.Kind#TIMEOUT}.
 */
public final class TimeBoundBackend implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DspamBackend backend;
    private final Duration timeout;
    private final ExecutorService workers;

    public TimeBoundBackend(DspamBackend backend, Duration timeout) {
        this.backend = backend;
        this.timeout = timeout;
        this.workers = Executors.newCachedThreadPool(daemonThreads());
    }

    private static ThreadFactory daemonThreads() {
        return runnable -> {
            Thread thread = new Thread(runnable, "dspam-call-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Executes the request within the timeout.
     *
     * @throws DspamException the backend's own failure, a {@code TIMEOUT}, or {@code INTERNAL}
     *                        for anything else the backend threw
     */
    public DspamResponse execute(DspamRequest request) {
        Future<DspamResponse> call = workers.submit(() -> backend.execute(request));
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new DspamException(DspamException.Kind.TIMEOUT,
                backend.name() + " gave no answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new DspamException(DspamException.Kind.TIMEOUT, "Interrupted while waiting for " + backend.name(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DspamException) {
                throw (DspamException) cause;
            }
            throw new DspamException(DspamException.Kind.INTERNAL,
                backend.name() + " failed: " + cause, cause);
        }
    }

    public String backendName() {
        return backend.name();
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
