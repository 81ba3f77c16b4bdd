package io.jamesdspam.mailet.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;

/**
 * How one periodic training run goes, after James's Rspamd feed task: which messages
 * ({@code period}, or since the user's last run, or all), how fast, how many of them (sampling),
 * whose (one user or all), the grace period before a read message counts as innocent, and
 * whether to train at all (dry run).
 */
public final class TrainingRunningOptions {
    public static final int DEFAULT_MESSAGES_PER_SECOND = 10;
    public static final double DEFAULT_SAMPLING_PROBABILITY = 1.0;
    /** A read message still in the inbox after a day is taken as the user's "this is fine". */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofDays(1);
    /** A century: a longer period or grace period would take the run's window past the calendar's start. */
    private static final long MOST_SECONDS = Duration.ofDays(36_500).toSeconds();
    public static final TrainingRunningOptions DEFAULT = new TrainingRunningOptions(Optional.empty(), Optional.empty(),
        false, DEFAULT_MESSAGES_PER_SECOND, DEFAULT_SAMPLING_PROBABILITY, DEFAULT_GRACE_PERIOD.toSeconds(), false);

    private final Optional<String> user;
    private final Optional<Long> periodInSeconds;
    private final boolean sinceLastRun;
    private final int messagesPerSecond;
    private final double samplingProbability;
    private final long gracePeriodInSeconds;
    private final boolean dryRun;

    public TrainingRunningOptions(@JsonProperty("user") Optional<String> user,
                                  @JsonProperty("periodInSeconds") Optional<Long> periodInSeconds,
                                  @JsonProperty("sinceLastRun") boolean sinceLastRun,
                                  @JsonProperty("messagesPerSecond") int messagesPerSecond,
                                  @JsonProperty("samplingProbability") double samplingProbability,
                                  @JsonProperty("gracePeriodInSeconds") long gracePeriodInSeconds,
                                  @JsonProperty("dryRun") boolean dryRun) {
        this.user = Objects.requireNonNullElse(user, Optional.empty());
        this.periodInSeconds = Objects.requireNonNullElse(periodInSeconds, Optional.empty());
        Preconditions.checkArgument(this.periodInSeconds.isEmpty() || !sinceLastRun,
            "'period' and 'sinceLastRun' exclude each other");
        Preconditions.checkArgument(this.periodInSeconds.map(p -> p > 0).orElse(true), "'period' must be strictly positive");
        Preconditions.checkArgument(this.periodInSeconds.map(p -> p <= MOST_SECONDS).orElse(true),
            "'period' must be at most a century (36500d)");
        Preconditions.checkArgument(messagesPerSecond > 0, "'messagesPerSecond' must be strictly positive");
        Preconditions.checkArgument(samplingProbability >= 0 && samplingProbability <= 1,
            "'samplingProbability' must be between 0.0 and 1.0");
        Preconditions.checkArgument(gracePeriodInSeconds >= 0, "'gracePeriod' must not be negative");
        Preconditions.checkArgument(gracePeriodInSeconds <= MOST_SECONDS, "'gracePeriod' must be at most a century (36500d)");
        this.sinceLastRun = sinceLastRun;
        this.messagesPerSecond = messagesPerSecond;
        this.samplingProbability = samplingProbability;
        this.gracePeriodInSeconds = gracePeriodInSeconds;
        this.dryRun = dryRun;
    }

    public Optional<String> getUser() {
        return user;
    }

    public Optional<Long> getPeriodInSeconds() {
        return periodInSeconds;
    }

    public boolean isSinceLastRun() {
        return sinceLastRun;
    }

    public int getMessagesPerSecond() {
        return messagesPerSecond;
    }

    public double getSamplingProbability() {
        return samplingProbability;
    }

    public long getGracePeriodInSeconds() {
        return gracePeriodInSeconds;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @JsonIgnore
    public Duration gracePeriod() {
        return Duration.ofSeconds(gracePeriodInSeconds);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrainingRunningOptions)) {
            return false;
        }
        TrainingRunningOptions that = (TrainingRunningOptions) o;
        return sinceLastRun == that.sinceLastRun && messagesPerSecond == that.messagesPerSecond
            && Double.compare(samplingProbability, that.samplingProbability) == 0
            && gracePeriodInSeconds == that.gracePeriodInSeconds && dryRun == that.dryRun
            && user.equals(that.user) && periodInSeconds.equals(that.periodInSeconds);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, periodInSeconds, sinceLastRun, messagesPerSecond, samplingProbability,
            gracePeriodInSeconds, dryRun);
    }

    @Override
    public String toString() {
        return "TrainingRunningOptions{user=" + user + ", periodInSeconds=" + periodInSeconds + ", sinceLastRun="
            + sinceLastRun + ", messagesPerSecond=" + messagesPerSecond + ", samplingProbability=" + samplingProbability
            + ", gracePeriodInSeconds=" + gracePeriodInSeconds + ", dryRun=" + dryRun + "}";
    }
}
