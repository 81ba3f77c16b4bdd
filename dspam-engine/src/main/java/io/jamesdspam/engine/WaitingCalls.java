package io.jamesdspam.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.UserOutcome;

/**
 * The calls of each user that wait for the user's lock: whichever caller gets the lock takes the
 * waiting calls, its own among them, and has them written together (group commit). Where calls
 * arrive one at a time, each is taken alone, as before; where mail for one user arrives faster
 * than its messages are written one after the other (a busy mailbox, several James spool threads,
 * a database round trip and commit per message), the calls that piled up behind the lock share
 * one transaction.
 */
final class WaitingCalls {
    private final ConcurrentHashMap<DspamUser, ConcurrentLinkedQueue<Waiting>> queues = new ConcurrentHashMap<>();

    /** Queues {@code call} for {@code user}; the caller then takes the user's lock and {@link #take}s. */
    Waiting enqueue(DspamUser user, UserCall call) {
        Waiting waiting = new Waiting(call);
        queues.computeIfAbsent(user, any -> new ConcurrentLinkedQueue<>()).add(waiting);
        return waiting;
    }

    /** Up to {@code most} of the user's waiting calls, oldest first; the caller holds the user's lock. */
    List<Waiting> take(DspamUser user, int most) {
        ConcurrentLinkedQueue<Waiting> queue = queues.get(user);
        List<Waiting> taken = new ArrayList<>(Math.min(most, 16));
        Waiting next;
        while (taken.size() < most && queue != null && (next = queue.poll()) != null) {
            taken.add(next);
        }
        return taken;
    }

    /**
     * One call in the queue. It ends with an outcome (written together with others) or told to run
     * alone (nobody was waiting with it, the calls could not be written together, or writing them
     * together failed); set by the holder of the user's lock, read by the caller after it took the
     * lock itself, so the lock orders the two.
     */
    static final class Waiting {
        final UserCall call;
        private UserOutcome outcome;
        private boolean alone;

        private Waiting(UserCall call) {
            this.call = call;
        }

        boolean isTaken() {
            return outcome != null || alone;
        }

        void written(UserOutcome writtenOutcome) {
            this.outcome = writtenOutcome;
        }

        void runAlone() {
            this.alone = true;
        }

        boolean mustRunAlone() {
            return alone;
        }

        UserOutcome outcome() {
            return outcome;
        }
    }
}
