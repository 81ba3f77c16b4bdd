package io.jamesdspam.engine.server;

import java.io.Closeable;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.engine.concurrent.DaemonThreads;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.config.DspamKeys;
import io.jamesdspam.engine.purge.PurgeLimits;

/**
 * The served store's nightly purge, made by the server itself: {@code ServerPurgeInterval}
 * seconds (this server's extra; absent or 0: never) after it starts and then after each purge,
 * the signatures older than {@code PurgeSignatures} days and the tokens stale by dspam.conf's other
 * {@code Purge*} limits go, for every user, as {@code dspam_clean} from cron does beside dspamd. A
 * journal store belongs to one process, so {@code dspam-tool clean} cannot reach it while it is
 * served; a database can take either.
 */
public final class ServerPurge implements Closeable {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerPurge.class);
    private static final int MAX_INTERVAL_SECONDS = 366 * 86_400;

    private final ScheduledExecutorService scheduler;
    private final Duration shutdownTimeout;

    private ServerPurge(ScheduledExecutorService scheduler, Duration shutdownTimeout) {
        this.scheduler = scheduler;
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * Starts the purges {@code conf} asks for on {@code backend}; empty when it asks for none.
     *
     * @throws IllegalArgumentException a bad value, or a purge asked of a backend that cannot purge (named)
     */
    public static Optional<ServerPurge> start(DspamConf conf, DspamBackend backend, Duration shutdownTimeout) {
        Duration interval = conf.seconds(DspamKeys.SERVER_PURGE_INTERVAL, 0, MAX_INTERVAL_SECONDS).orElse(Duration.ZERO);
        if (interval.isZero()) {
            return Optional.empty();
        }
        if (!(backend instanceof DspamMaintenance)) {
            throw new IllegalArgumentException(DspamKeys.SERVER_PURGE_INTERVAL.name() + ": the backend '" + backend.name()
                + "' cannot purge");
        }
        DspamMaintenance maintenance = (DspamMaintenance) backend;
        PurgeLimits limits = PurgeLimits.from(conf);
        Duration signatureAge = limits.signatureAge();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("dlmtp-purge-"));
        scheduler.scheduleWithFixedDelay(() -> purge(maintenance, signatureAge), interval.toSeconds(), interval.toSeconds(),
            TimeUnit.SECONDS);
        LOGGER.info("The store is purged every {} s, limits in days: {}", interval.toSeconds(), limits);
        return Optional.of(new ServerPurge(scheduler, shutdownTimeout));
    }

    private static void purge(DspamMaintenance maintenance, Duration signatureAge) {
        try {
            DspamMaintenance.PurgeReport report = maintenance.purge(signatureAge);
            LOGGER.info("Purged {} signatures older than {} days and {} stale tokens", report.signaturesPurged(),
                signatureAge.toDays(), report.tokensPurged());
        } catch (RuntimeException e) {
            // The next purge tries again; a failure must not end the schedule
            LOGGER.warn("The purge of the store failed; it is tried again at the next interval: {}", e.getMessage(), e);
        }
    }

    /** Stops the schedule; a purge under way is given the server's shutdown timeout to finish. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
