package io.jamesdspam.mailet.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.james.task.Hostname;
import org.apache.james.task.MemoryTaskManager;
import org.apache.james.task.TaskId;
import org.apache.james.task.TaskManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.mailet.task.DspamPurgeTask;
import io.jamesdspam.mailet.testing.NoStatisticsBackend;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;

class DailyPurgeTest {
    private static final Instant HALF_A_SECOND_BEFORE_FOUR = Instant.parse("2026-12-08T03:59:59.500Z");

    private final MemoryTaskManager taskManager = new MemoryTaskManager(new Hostname("test"));
    private final RecordingDspamBackend backend = new RecordingDspamBackend();
    private DailyPurge dailyPurge;

    @AfterEach
    void stop() {
        if (dailyPurge != null) {
            dailyPurge.close();
        }
        taskManager.stop();
    }

    private DailyPurge dailyPurge(Optional<LocalTime> time, Clock clock) {
        dailyPurge = new DailyPurge(time, backend, InMemoryTrainingLedger::new, taskManager, clock, ZoneOffset.UTC);
        return dailyPurge;
    }

    @Test
    void atItsTimeThePurgeTaskRunsWithTheConfiguredLimitsForEveryUser() throws Exception {
        backend.configureSignatureAge(Duration.ofDays(21));
        DailyPurge purge = dailyPurge(Optional.of(LocalTime.of(4, 0)), Clock.fixed(HALF_A_SECOND_BEFORE_FOUR, ZoneOffset.UTC));
        assertThat(purge.nextRun()).map(next -> next.toInstant()).contains(Instant.parse("2026-12-08T04:00:00Z"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !backend.purges().isEmpty());

        assertThat(backend.purges()).containsExactly(Duration.ofDays(21));
        assertThat(backend.purgedTokenLimits()).containsExactly(TokenPurgeLimits.CONFIGURED);
        assertThat(backend.purgedUsers()).containsExactly(Optional.empty());
        assertThat(taskManager.list()).singleElement()
            .satisfies(details -> assertThat(details.getType()).isEqualTo(DspamPurgeTask.TASK_TYPE));
        TaskId submitted = taskManager.list().get(0).getTaskId();
        assertThat(taskManager.await(submitted, Duration.ofSeconds(30)).getStatus()).isEqualTo(TaskManager.Status.COMPLETED);
    }

    @Test
    void aPurgeStillWaitingOrRunningIsNotDoubled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        DspamMaintenance slow = (age, limits, user, progress) -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DspamMaintenance.PurgeReport.NOTHING;
        };
        TaskId operators = taskManager.submit(new DspamPurgeTask(slow, new InMemoryTrainingLedger(), Duration.ofDays(14),
            TokenPurgeLimits.CONFIGURED, Optional.empty(), Clock.systemUTC()));
        DailyPurge purge = dailyPurge(Optional.empty(), Clock.systemUTC());

        assertThat(purge.submit()).as("while the operator's purge runs").isEmpty();
        release.countDown();
        assertThat(taskManager.await(operators, Duration.ofSeconds(30)).getStatus()).isEqualTo(TaskManager.Status.COMPLETED);
        Optional<TaskId> next = purge.submit();

        assertThat(next).isPresent();
        assertThat(taskManager.await(next.get(), Duration.ofSeconds(30)).getStatus()).isEqualTo(TaskManager.Status.COMPLETED);
        assertThat(backend.purges()).hasSize(1);
    }

    @Test
    void closedWhenJamesStopsItSubmitsNothingMore() throws Exception {
        Instant threeSecondsBeforeFour = Instant.parse("2026-12-08T03:59:57Z");
        dailyPurge(Optional.of(LocalTime.of(4, 0)), Clock.fixed(threeSecondsBeforeFour, ZoneOffset.UTC)).close();

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> backend.purges().isEmpty());

        assertThat(taskManager.list()).isEmpty();
    }

    @Test
    void offOrABackendWithoutMaintenanceSchedulesNothing() {
        assertThat(dailyPurge(Optional.empty(), Clock.systemUTC()).nextRun()).isEmpty();
        dailyPurge.close();

        dailyPurge = new DailyPurge(Optional.of(LocalTime.of(4, 0)), new NoStatisticsBackend(), InMemoryTrainingLedger::new,
            taskManager, Clock.systemUTC(), ZoneOffset.UTC);
        assertThat(dailyPurge.nextRun()).isEmpty();
    }
}
