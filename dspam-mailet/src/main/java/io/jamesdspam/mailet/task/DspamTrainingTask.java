package io.jamesdspam.mailet.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.util.ReactorUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamUser;

/**
 * Periodic training over users' mailboxes (see {@link TrainingCandidates} for which messages):
 * each message is learned once through the same {@link CorrectionTrainer} and ledger as the
 * retraining listener, so a message a user already corrected is never trained again. Errors are
 * counted, never thrown; a user whose run had no failure gets its "last run" recorded.
 */
public class DspamTrainingTask implements Task {
    public static final TaskType TASK_TYPE = TaskType.of("dspam-periodic-training");

    private static final Logger LOGGER = LoggerFactory.getLogger(DspamTrainingTask.class);

    /** What the run did so far, for {@code /tasks/{id}}. */
    public static class AdditionalInformation implements TaskExecutionDetails.AdditionalInformation {
        private final Instant timestamp;
        private final TrainingRunningOptions runningOptions;
        private final TrainingCounters.Snapshot counters;

        public AdditionalInformation(Instant timestamp, TrainingRunningOptions runningOptions, TrainingCounters.Snapshot counters) {
            this.timestamp = timestamp;
            this.runningOptions = runningOptions;
            this.counters = counters;
        }

        public TrainingRunningOptions getRunningOptions() {
            return runningOptions;
        }

        public TrainingCounters.Snapshot getCounters() {
            return counters;
        }

        @Override
        public Instant timestamp() {
            return timestamp;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof AdditionalInformation)) {
                return false;
            }
            AdditionalInformation that = (AdditionalInformation) o;
            return timestamp.equals(that.timestamp) && runningOptions.equals(that.runningOptions) && counters.equals(that.counters);
        }

        @Override
        public int hashCode() {
            return Objects.hash(timestamp, runningOptions, counters);
        }
    }

    private final MailboxManager mailboxManager;
    private final UsersRepository usersRepository;
    private final DspamUserMapping userMapping;
    private final SpecialMailboxes specialMailboxes;
    private final CorrectionTrainer trainer;
    private final Clock clock;
    private final TrainingRunningOptions runningOptions;
    private final TrainingCounters counters = new TrainingCounters();

    public DspamTrainingTask(MailboxManager mailboxManager, UsersRepository usersRepository, DspamUserMapping userMapping,
                             SpecialMailboxes specialMailboxes, CorrectionTrainer trainer, Clock clock,
                             TrainingRunningOptions runningOptions) {
        this.mailboxManager = mailboxManager;
        this.usersRepository = usersRepository;
        this.userMapping = userMapping;
        this.specialMailboxes = specialMailboxes;
        this.trainer = trainer;
        this.clock = clock;
        this.runningOptions = runningOptions;
    }

    @Override
    public Result run() {
        Instant startedAt = clock.instant();
        TrainingCandidates candidates = new TrainingCandidates(mailboxManager, specialMailboxes);
        return users()
            .concatMap(username -> trainUser(username, startedAt, candidates))
            .reduce(Task::combine)
            .switchIfEmpty(Mono.just(Result.COMPLETED))
            .block();
    }

    private Flux<Username> users() {
        return runningOptions.getUser()
            .map(user -> Flux.just(Username.of(user)))
            .orElseGet(() -> Flux.from(usersRepository.listReactive()));
    }

    private Mono<Result> trainUser(Username username, Instant startedAt, TrainingCandidates candidates) {
        Optional<DspamUser> user = userMapping.userFor(username);
        if (user.isEmpty()) {
            LOGGER.warn("James user {} maps to no valid DSPAM user: not trained", username.asString());
            return Mono.just(Result.COMPLETED);
        }
        Optional<Instant> windowStart = windowStart(user.get(), startedAt);
        String run = runName(user.get());
        return candidates.of(username, windowStart, startedAt, runningOptions, counters)
            .transform(ReactorUtils.<TrainingCandidates.Candidate, Result>throttle()
                .elements(runningOptions.getMessagesPerSecond())
                .per(Duration.ofSeconds(1))
                .forOperation(candidate -> Mono.fromCallable(() -> train(user.get(), candidate, run))
                    .subscribeOn(Schedulers.boundedElastic())))
            .onErrorResume(e -> {
                LOGGER.error("Periodic DSPAM training of {} could not read its mailboxes", username.asString(), e);
                counters.failed();
                return Mono.just(Result.PARTIAL);
            })
            .reduce(Task::combine)
            .switchIfEmpty(Mono.just(Result.COMPLETED))
            .doOnNext(result -> {
                if (result == Result.COMPLETED && !runningOptions.isDryRun()) {
                    trainer.ledger().periodicRunCompleted(user.get(), startedAt);
                }
            });
    }

    private Optional<Instant> windowStart(DspamUser user, Instant now) {
        if (runningOptions.isSinceLastRun()) {
            return trainer.ledger().lastPeriodicRun(user);
        }
        return runningOptions.getPeriodInSeconds().map(seconds -> now.minusSeconds(seconds));
    }

    /**
     * The name the user's trainings of this run are applied once under ({@link CorrectionTrainer#trainUnlessKnown}):
     * named after the user's last completed run, so that a run that failed or died is repeated under the
     * same name (a message it trained without recording it is recorded, not trained again) and the next
     * run after a completed one has a name of its own.
     */
    private String runName(DspamUser user) {
        return "periodic:" + trainer.ledger().lastPeriodicRun(user).map(Instant::toString).orElse("first");
    }

    private Result train(DspamUser user, TrainingCandidates.Candidate candidate, String run) {
        try {
            CorrectionTrainer.Outcome outcome = runningOptions.isDryRun()
                ? trainer.planTraining(user, candidate.messageKey, candidate.content, candidate.trueClass)
                : trainer.trainUnlessKnown(user, candidate.messageKey, candidate.content, candidate.trueClass, Optional.of(run));
            counters.count(candidate.trueClass, outcome);
            return Result.COMPLETED;
        } catch (RuntimeException e) {
            LOGGER.error("Periodic DSPAM training of message {} for {} failed", candidate.messageKey, user, e);
            counters.failed();
            return Result.PARTIAL;
        }
    }

    @Override
    public TaskType type() {
        return TASK_TYPE;
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        return Optional.of(new AdditionalInformation(clock.instant(), runningOptions, counters.snapshot()));
    }

    public TrainingRunningOptions getRunningOptions() {
        return runningOptions;
    }

    public TrainingCounters.Snapshot snapshot() {
        return counters.snapshot();
    }
}
