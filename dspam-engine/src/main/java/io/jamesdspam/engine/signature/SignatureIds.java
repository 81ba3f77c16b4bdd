package io.jamesdspam.engine.signature;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.function.Predicate;

/**
 * New signature ids in DSPAM's shape (docs/ENGINE-SPEC.md §8.2): the Unix time in 8 hex digits, the
 * process id, then twice the first (up to) 5 decimal digits of a random number, e.g.
 * {@code 4b11c532158749980119923}. Drawn again until the id is free for the user.
 */
public final class SignatureIds {
    private final Clock clock;
    private final long processId;
    private final Random random;

    public SignatureIds(Clock clock) {
        this(clock, ProcessHandle.current().pid(), new SecureRandom());
    }

    SignatureIds(Clock clock, long processId, Random random) {
        this.clock = clock;
        this.processId = processId;
        this.random = random;
    }

    public String next(Predicate<String> taken) {
        return next(taken, Integer.MAX_VALUE);
    }

    /**
     * An id of at most {@code maximumLength} characters: where DSPAM's MySQL column (32) is too short
     * for the id after a uid prefix, the random digits are cut from the end (any unique string of
     * letters and digits is a valid id, §8.2).
     */
    public String next(Predicate<String> taken, int maximumLength) {
        while (true) {
            // Built by hand: String.format was a tenth of the engine's own time per message (JFR)
            StringBuilder id = new StringBuilder(32);
            String seconds = Long.toHexString(clock.instant().getEpochSecond());
            for (int pad = seconds.length(); pad < 8; pad++) {
                id.append('0');
            }
            id.append(seconds).append(processId);
            appendFirstDigits(id, random.nextInt(Integer.MAX_VALUE));
            appendFirstDigits(id, random.nextInt(Integer.MAX_VALUE));
            // Never fewer than two random digits: the ids of one second would repeat (and be drawn forever)
            int shortest = Math.min(id.length(), 8 + Long.toString(processId).length() + 2);
            String candidate = id.substring(0, Math.max(shortest, Math.min(id.length(), maximumLength)));
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }

    private static void appendFirstDigits(StringBuilder id, int value) {
        String digits = Integer.toString(value);
        id.append(digits, 0, Math.min(5, digits.length()));
    }
}
