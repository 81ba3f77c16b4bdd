package io.jamesdspam.mailet.module;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;

import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskId;
import org.apache.james.task.TaskManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.concurrent.DaemonThreads;
import io.jamesdspam.mailet.backend.EmbeddedStorage;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.configuration.PurgeSchedule;
import io.jamesdspam.mailet.task.DspamPurgeTask;
import io.jamesdspam.mailet.training.TrainingLedger;

/**
 * The nightly {@code dspam_clean} of a DSPAM installation, inside James ({@code purge.daily},
 * {@link PurgeSchedule}): each day at the configured time of the server's zone it submits the
 * purge task {@code POST /dspam/purge} submits, with the configured limits, for every user, so that
 * it shows in {@code GET /tasks} like any other. A purge still waiting or running then (a long
 * one, or an operator's) is not doubled: that day's is skipped. Started with the eager
 * {@link DspamBackendShutdown}, which stops it (extension modules cannot add to James's start-up
 * operations); the ledger is asked for only when a purge is submitted (a dspamd needs none here).
 */
@Singleton
public class DailyPurge {
    private static final Logger LOGGER = LoggerFactory.getLogger(DailyPurge.class);

    private final Optional<LocalTime> time;
    private final DspamMaintenance maintenance;
    private final Provider<TrainingLedger> ledger;
    private final TaskManager taskManager;
    private final Clock clock;
    private final ZoneId zone;
    private final Optional<ScheduledExecutorService> scheduler;

    @Inject
    public DailyPurge(DspamConfiguration configuration, DspamBackend backend, Optional<EmbeddedStorage> storage,
                      Provider<TrainingLedger> ledger, TaskManager taskManager, Clock clock) {
        this(backend instanceof DspamMaintenance
                ? configuration.purgeSchedule().timeFor(storage.flatMap(EmbeddedStorage::sql).isPresent())
                : Optional.empty(),
            backend, ledger, taskManager, clock, ZoneId.systemDefault());
    }

    /** Purges at {@code time} of {@code zone} each day, from now on; never when it is empty. */
    public DailyPurge(Optional<LocalTime> time, DspamBackend backend, Provider<TrainingLedger> ledger, TaskManager taskManager,
                      Clock clock, ZoneId zone) {
        this.time = time.filter(any -> backend instanceof DspamMaintenance);
        this.maintenance = backend instanceof DspamMaintenance ? (DspamMaintenance) backend : null;
        this.ledger = ledger;
        this.taskManager = taskManager;
        this.clock = clock;
        this.zone = zone;
        this.scheduler = this.time.map(any -> Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("dspam-daily-purge-")));
        this.time.ifPresentOrElse(at -> {
            LOGGER.info("The DSPAM store is purged daily at {} ({}), with its configured limits", at, zone);
            scheduleAfter(clock.instant().atZone(zone));
        }, () -> LOGGER.info("No daily DSPAM purge ({}=off, a database, or dspamd): purge with POST /dspam/purge",
            PurgeSchedule.KEY));
    }

    /** When the next purge is due; empty when none is scheduled. */
    public Optional<ZonedDateTime> nextRun() {
        return time.map(at -> PurgeSchedule.nextRun(clock.instant().atZone(zone), at));
    }

    private void scheduleAfter(ZonedDateTime after) {
        if (scheduler.orElseThrow().isShutdown()) {
            return;
        }
        ZonedDateTime due = PurgeSchedule.nextRun(after, time.orElseThrow());
        long delay = Math.max(0, Duration.between(clock.instant(), due.toInstant()).toMillis());
        scheduler.orElseThrow().schedule(() -> runAndReschedule(due), delay, TimeUnit.MILLISECONDS);
    }

    private void runAndReschedule(ZonedDateTime due) {
        try {
            submit();
        } catch (RuntimeException e) {
            // Tomorrow's purge is scheduled whatever happened today
            LOGGER.warn("The daily DSPAM purge could not be submitted; it is tried again tomorrow: {}", e.getMessage(), e);
        } finally {
            ZonedDateTime now = clock.instant().atZone(zone);
            // A timer firing a little early must not run the same day's purge twice
            scheduleAfter(now.isAfter(due) ? now : due);
        }
    }

    /** Submits the purge task unless a purge is already waiting or running; its id, or empty when skipped. */
    Optional<TaskId> submit() {
        List<TaskExecutionDetails> pending = Stream.of(TaskManager.Status.WAITING, TaskManager.Status.IN_PROGRESS)
            .flatMap(status -> taskManager.list(status).stream())
            .filter(details -> details.getType().equals(DspamPurgeTask.TASK_TYPE))
            .collect(Collectors.toList());
        if (!pending.isEmpty()) {
            LOGGER.warn("The daily DSPAM purge is skipped: purge task {} is still {}", pending.get(0).getTaskId().asString(),
                pending.get(0).getStatus().getValue());
            return Optional.empty();
        }
        TaskId id = taskManager.submit(new DspamPurgeTask(maintenance, ledger.get(), maintenance.configuredSignatureAge(),
            TokenPurgeLimits.CONFIGURED, Optional.empty(), clock));
        LOGGER.info("The daily DSPAM purge runs as task {}", id.asString());
        return Optional.of(id);
    }

    /**
     * Stops the schedule ({@link DspamBackendShutdown}, when James stops); a purge task already
     * submitted is James's task manager's.
     */
    public void close() {
        scheduler.ifPresent(ScheduledExecutorService::shutdownNow);
    }
}
