package io.jamesdspam.mailet.backend;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where the plugin's reactive code (the retrain listener, the health check) makes its blocking
 * calls to DSPAM: threads of its own, {@code dspam-calls-<n>}, not Reactor's shared
 * {@code boundedElastic} scheduler. James does its own blocking work there (IMAP commands, the
 * RabbitMQ event bus's publications); once each of that scheduler's threads (ten per core) has
 * work, it hands a new task to a thread that already has some, and the task waits for whatever
 * runs there. A DSPAM call may block for as long as its timeout (a hung dspamd, a database that
 * went away), and an IMAP command or an event's publication must not wait behind it. One
 * scheduler per JVM, whatever the number of listeners; its idle threads end after a minute.
 */
public final class DspamCallScheduler {
    /** DSPAM calls in flight at once (James's bus hands a node at most ten events at a time); more wait queued. */
    static final int THREADS = 16;
    private static final int QUEUED_CALLS = 100_000;
    private static final int IDLE_SECONDS = 60;
    private static final String THREAD_NAME = "dspam-calls";

    private static final Scheduler SCHEDULER = Schedulers.newBoundedElastic(THREADS, QUEUED_CALLS, THREAD_NAME,
        IDLE_SECONDS, true);

    private DspamCallScheduler() {
    }

    public static Scheduler scheduler() {
        return SCHEDULER;
    }
}
