package io.jamesdspam.engine.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class AuthenticationThrottleTest {
    private static final InetAddress GUESSER = address(10, 0, 0, 1);
    private static final InetAddress NEIGHBOUR = address(10, 0, 0, 2);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AuthenticationThrottle throttle = new AuthenticationThrottle(3, Duration.ofSeconds(10), now::get);

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void theLimitOfFailuresInARowLocksTheAddressOutForTheLockout() {
        assertThat(throttle.failed(GUESSER)).isEmpty();
        assertThat(throttle.failed(GUESSER)).isEmpty();
        assertThat(throttle.lockedFor(GUESSER)).isEmpty();
        assertThat(throttle.failed(GUESSER)).contains(Duration.ofSeconds(10));
        assertThat(throttle.lockedFor(GUESSER)).contains(Duration.ofSeconds(10));
        assertThat(throttle.lockedFor(NEIGHBOUR)).as("other addresses are not affected").isEmpty();
        advance(Duration.ofSeconds(9));
        assertThat(throttle.lockedFor(GUESSER)).contains(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(1));
        assertThat(throttle.lockedFor(GUESSER)).isEmpty();
    }

    @Test
    void eachFurtherLockoutDoublesUpToAnHour() {
        AuthenticationThrottle slow = new AuthenticationThrottle(1, Duration.ofMinutes(20), now::get);
        assertThat(slow.failed(GUESSER)).contains(Duration.ofMinutes(20));
        advance(Duration.ofMinutes(20));
        assertThat(slow.failed(GUESSER)).contains(Duration.ofMinutes(40));
        advance(Duration.ofMinutes(40));
        assertThat(slow.failed(GUESSER)).contains(AuthenticationThrottle.MAX_LOCKOUT);
    }

    @Test
    void aSuccessForgetsTheFailures() {
        throttle.failed(GUESSER);
        throttle.failed(GUESSER);
        throttle.succeeded(GUESSER);
        assertThat(throttle.failed(GUESSER)).isEmpty();
        assertThat(throttle.failed(GUESSER)).isEmpty();
        assertThat(throttle.failed(GUESSER)).isPresent();
    }

    @Test
    void anAddressQuietForLongerThanTheLongestLockoutStartsAfresh() {
        AuthenticationThrottle strict = new AuthenticationThrottle(1, Duration.ofMinutes(40), now::get);
        strict.failed(GUESSER);
        advance(Duration.ofMinutes(40).plus(AuthenticationThrottle.MAX_LOCKOUT).plusSeconds(1));
        assertThat(strict.failed(GUESSER)).as("first lockout again, not a doubled one").contains(Duration.ofMinutes(40));
    }

    @Test
    void limitZeroTurnsTheThrottleOff() {
        AuthenticationThrottle off = new AuthenticationThrottle(0, Duration.ofSeconds(10), now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(off.failed(GUESSER)).isEmpty();
        }
        assertThat(off.lockedFor(GUESSER)).isEmpty();
    }
}
