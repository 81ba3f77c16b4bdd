package io.jamesdspam.mailet.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.james.task.Task;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.model.DspamUser;

class DspamPurgeTaskTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);

    /** Purges two users, then waits to be let go before the third. */
    private static final class SlowMaintenance implements DspamMaintenance {
        private final CountDownLatch twoUsersDone = new CountDownLatch(1);
        private final CountDownLatch goOn = new CountDownLatch(1);

        @Override
        public PurgeReport purge(Duration signatureAge, TokenPurgeLimits tokenLimits, Optional<DspamUser> only,
                             Consumer<PurgeReport> progress) {
            progress.accept(new PurgeReport(1, 4, 100));
            progress.accept(new PurgeReport(2, 9, 250));
            twoUsersDone.countDown();
            try {
                goOn.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            PurgeReport done = new PurgeReport(3, 10, 300);
            progress.accept(done);
            return done;
        }
    }

    @Test
    void itsDetailsShowWhatWasPurgedSoFarWhileItRuns() throws Exception {
        SlowMaintenance maintenance = new SlowMaintenance();
        DspamPurgeTask task = new DspamPurgeTask(maintenance, new InMemoryTrainingLedger(), Duration.ofDays(14),
            TokenPurgeLimits.CONFIGURED, Optional.empty(), CLOCK);
        assertThat(details(task).getUsersPurged()).isZero();

        CompletableFuture<Task.Result> running = CompletableFuture.supplyAsync(task::run);
        assertThat(maintenance.twoUsersDone.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(details(task)).isEqualTo(new DspamPurgeTask.AdditionalInformation(CLOCK.instant(), Duration.ofDays(14),
            2, 9, 250, Optional.empty()));

        maintenance.goOn.countDown();
        assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(Task.Result.COMPLETED);
        assertThat(details(task)).isEqualTo(new DspamPurgeTask.AdditionalInformation(CLOCK.instant(), Duration.ofDays(14),
            3, 10, 300, Optional.empty()));
    }

    private static DspamPurgeTask.AdditionalInformation details(DspamPurgeTask task) {
        return (DspamPurgeTask.AdditionalInformation) task.details().orElseThrow();
    }
}
