package io.jamesdspam.engine.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A brake on password guessing over TCP, per peer address (not in dspamd, whose only brake is a
 * 5 s pause per connection, which a guesser opening many connections does not feel):
 * {@code ServerAuthFailureLimit} failed authentications in a row from one address lock it out
 * for {@code ServerAuthLockout}; each further lockout of the same address doubles, up to an
 * hour. A locked-out address is answered {@code 421} and closed before its password is looked
 * at, so guessing learns nothing during a lockout. A successful authentication forgets the
 * address; an address silent for longer than the longest lockout starts afresh.
 *
 * <p>At most {@value #MAX_TRACKED_ADDRESSES} addresses are remembered (the least recently seen is
 * forgotten first), so a flood of addresses costs bounded memory.
 */
final class AuthenticationThrottle {
    static final Duration MAX_LOCKOUT = Duration.ofHours(1);
    private static final int MAX_TRACKED_ADDRESSES = 4096;

    private final int failureLimit;
    private final long lockoutNanos;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Peer> peers = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Peer> eldest) {
            return size() > MAX_TRACKED_ADDRESSES;
        }
    };

    /** {@code failureLimit} 0 turns the throttle off. */
    AuthenticationThrottle(int failureLimit, Duration lockout, LongSupplier nanoClock) {
        this.failureLimit = failureLimit;
        this.lockoutNanos = lockout.toNanos();
        this.nanoClock = nanoClock;
    }

    static AuthenticationThrottle of(DlmtpServerSettings settings) {
        return new AuthenticationThrottle(settings.authFailureLimit(), settings.authLockout(), System::nanoTime);
    }

    /** What is left of the address's lockout; empty when it may try. */
    synchronized Optional<Duration> lockedFor(InetAddress address) {
        Peer peer = current(address);
        if (peer == null) {
            return Optional.empty();
        }
        long left = peer.lockedUntil - nanoClock.getAsLong();
        return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
    }

    /** Counts a failure; returns the lockout it started, if it started one. */
    synchronized Optional<Duration> failed(InetAddress address) {
        if (failureLimit == 0) {
            return Optional.empty();
        }
        long now = nanoClock.getAsLong();
        Peer peer = current(address);
        if (peer == null) {
            peer = new Peer();
            peers.put(address, peer);
        }
        peer.lastFailure = now;
        if (++peer.failures < failureLimit) {
            return Optional.empty();
        }
        peer.failures = 0;
        long lockout = Math.min(MAX_LOCKOUT.toNanos(), lockoutNanos << Math.min(20, peer.lockouts));
        peer.lockouts++;
        peer.lockedUntil = now + lockout;
        return Optional.of(Duration.ofNanos(lockout));
    }

    synchronized void succeeded(InetAddress address) {
        peers.remove(address);
    }

    /** The address's record, dropped first when it has been quiet for longer than the longest lockout. */
    private Peer current(InetAddress address) {
        Peer peer = peers.get(address);
        if (peer != null && nanoClock.getAsLong() - Math.max(peer.lastFailure, peer.lockedUntil) > MAX_LOCKOUT.toNanos()) {
            peers.remove(address);
            return null;
        }
        return peer;
    }

    private static final class Peer {
        int failures;
        int lockouts;
        long lastFailure;
        long lockedUntil;
    }
}
