package io.jamesdspam.mailet.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.task.TaskType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.model.DspamUser;

/**
 * DSPAM's nightly {@code dspam_clean} as a James task: purges signatures older than the given
 * age (DSPAM's default 14 days) and stale tokens (by the configured limits, or those given as
 * {@code dspam_clean -p -u} gives them), for every user, and forgets the training
 * ledger's entries older than the same age together with the signatures they refer to. Given one
 * user, as {@code dspam_clean USER}, it purges that user's signatures and tokens and leaves the
 * ledger (kept for every user, pruned by the purges of all).
 */
public class DspamPurgeTask implements Task {
    public static final TaskType TASK_TYPE = TaskType.of("dspam-purge");

    private static final Logger LOGGER = LoggerFactory.getLogger(DspamPurgeTask.class);

    /** What the purge removed so far, and from how many users: it grows user by user while the purge runs. */
    public static class AdditionalInformation implements TaskExecutionDetails.AdditionalInformation {
        private final Instant timestamp;
        private final Duration signatureAge;
        private final long usersPurged;
        private final long signaturesPurged;
        private final long tokensPurged;
        private final Optional<String> limits;

        public AdditionalInformation(Instant timestamp, Duration signatureAge, long usersPurged, long signaturesPurged,
                                     long tokensPurged, Optional<String> limits) {
            this.timestamp = timestamp;
            this.signatureAge = signatureAge;
            this.usersPurged = usersPurged;
            this.signaturesPurged = signaturesPurged;
            this.tokensPurged = tokensPurged;
            this.limits = limits;
        }

        public Duration getSignatureAge() {
            return signatureAge;
        }

        public long getUsersPurged() {
            return usersPurged;
        }

        public long getSignaturesPurged() {
            return signaturesPurged;
        }

        public long getTokensPurged() {
            return tokensPurged;
        }

        /**
         * Every limit the purge applies, in days ({@code signatures 14, neutral 90, unused
         * 90,30,15,15}); empty where the backend cannot tell.
         */
        public Optional<String> getLimits() {
            return limits;
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
            return timestamp.equals(that.timestamp) && signatureAge.equals(that.signatureAge)
                && usersPurged == that.usersPurged && signaturesPurged == that.signaturesPurged
                && tokensPurged == that.tokensPurged && limits.equals(that.limits);
        }

        @Override
        public int hashCode() {
            return Objects.hash(timestamp, signatureAge, usersPurged, signaturesPurged, tokensPurged, limits);
        }
    }

    private final DspamMaintenance maintenance;
    private final TrainingLedger ledger;
    private final Duration signatureAge;
    private final TokenPurgeLimits tokenLimits;
    private final Optional<DspamUser> user;
    private final Clock clock;
    private final AtomicReference<DspamMaintenance.PurgeReport> report =
        new AtomicReference<>(DspamMaintenance.PurgeReport.NOTHING);

    public DspamPurgeTask(DspamMaintenance maintenance, TrainingLedger ledger, Duration signatureAge,
                          TokenPurgeLimits tokenLimits, Optional<DspamUser> user, Clock clock) {
        this.maintenance = maintenance;
        this.ledger = ledger;
        this.signatureAge = signatureAge;
        this.tokenLimits = tokenLimits;
        this.user = user;
        this.clock = clock;
    }

    @Override
    public Result run() {
        try {
            Instant cutoff = clock.instant().minus(signatureAge);
            report.set(maintenance.purge(signatureAge, tokenLimits, user, report::set));
            if (user.isEmpty()) {
                int forgotten = ledger.pruneTrainedBefore(cutoff);
                LOGGER.info("DSPAM purge: {} training ledger entries older than {} forgotten", forgotten, signatureAge);
            }
            return Result.COMPLETED;
        } catch (RuntimeException e) {
            LOGGER.error("DSPAM purge failed", e);
            return Result.PARTIAL;
        }
    }

    @Override
    public TaskType type() {
        return TASK_TYPE;
    }

    @Override
    public Optional<TaskExecutionDetails.AdditionalInformation> details() {
        DspamMaintenance.PurgeReport current = report.get();
        return Optional.of(new AdditionalInformation(clock.instant(), signatureAge, current.usersPurged(),
            current.signaturesPurged(), current.tokensPurged(), limits()));
    }

    private Optional<String> limits() {
        try {
            return maintenance.limitsOf(signatureAge, tokenLimits);
        } catch (RuntimeException e) {
            // Details never fail: the purge itself reports what is wrong with its arguments
            return Optional.empty();
        }
    }

    public Duration getSignatureAge() {
        return signatureAge;
    }

    public TokenPurgeLimits getTokenLimits() {
        return tokenLimits;
    }

    public Optional<DspamUser> getUser() {
        return user;
    }
}
