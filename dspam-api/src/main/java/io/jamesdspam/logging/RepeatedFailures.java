package io.jamesdspam.logging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decides how to log a failure that may repeat for every mail (a full disk, a store that cannot
 * write): the first of a kind is logged in full, with its stack trace; the same kind again within
 * the interval is only counted; the first one after the interval is logged as one line with the
 * count of those not logged since. A kind that stayed quiet for a whole interval starts over (its
 * next failure gets a stack trace again). Deciding only: the caller owns the logger, so this holds
 * no logging framework and is tested with a fixed clock.
 */
public final class RepeatedFailures {
    /** How often a failure that keeps repeating is summarised by default. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /** What to log for one failure. */
    public static final class Decision {
        private static final Decision FULL = new Decision(Kind.FULL, 0, Duration.ZERO);
        private static final Decision COUNTED = new Decision(Kind.COUNTED, 0, Duration.ZERO);

        /** {@code FULL}: message and stack trace; {@code COUNTED}: nothing now; {@code SUMMARY}: one line with {@link #failures()}. */
        public enum Kind { FULL, COUNTED, SUMMARY }

        private final Kind kind;
        private final long failures;
        private final Duration since;

        private Decision(Kind kind, long failures, Duration since) {
            this.kind = kind;
            this.failures = failures;
            this.since = since;
        }

        public Kind kind() {
            return kind;
        }

        /** For a summary: the failures of this kind since the last line logged, this one included. */
        public long failures() {
            return failures;
        }

        /** For a summary: how long ago the last line of this kind was logged. */
        public Duration since() {
            return since;
        }

        @Override
        public String toString() {
            return kind == Kind.SUMMARY ? "SUMMARY(" + failures + " in " + since + ")" : kind.name();
        }
    }

    private static final class State {
        private Instant lastLogged;
        private long notLogged;

        private State(Instant lastLogged) {
            this.lastLogged = lastLogged;
        }
    }

    private final Clock clock;
    private final Duration interval;
    private final Map<String, State> states = new HashMap<>();

    public RepeatedFailures(Clock clock, Duration interval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("The summary interval must be positive");
        }
        this.interval = interval;
    }

    public static RepeatedFailures everyMinute() {
        return new RepeatedFailures(Clock.systemUTC(), DEFAULT_INTERVAL);
    }

    /** Records one failure of {@code kind} (e.g. the exception's class) and says what to log. */
    public synchronized Decision record(String kind) {
        Instant now = clock.instant();
        State state = states.get(kind);
        if (state == null) {
            states.put(kind, new State(now));
            return Decision.FULL;
        }
        Duration since = Duration.between(state.lastLogged, now);
        if (since.compareTo(interval) < 0) {
            state.notLogged++;
            return Decision.COUNTED;
        }
        state.lastLogged = now;
        if (state.notLogged == 0) {
            return Decision.FULL;
        }
        long failures = state.notLogged + 1;
        state.notLogged = 0;
        return new Decision(Decision.Kind.SUMMARY, failures, since);
    }
}
