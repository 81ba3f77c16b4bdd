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
        while (true) {
            String id = String.format("%8x%d%s%s", clock.instant().getEpochSecond(), processId,
                firstDigits(random.nextInt(Integer.MAX_VALUE)), firstDigits(random.nextInt(Integer.MAX_VALUE)))
                .replace(' ', '0');
            if (!taken.test(id)) {
                return id;
            }
        }
    }

    private static String firstDigits(int value) {
        String digits = Integer.toString(value);
        return digits.length() > 5 ? digits.substring(0, 5) : digits;
    }
}
