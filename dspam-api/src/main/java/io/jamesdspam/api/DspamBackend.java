package io.jamesdspam.api;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;

import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.UserOutcome;

/**
 * What the James side needs from DSPAM, whichever DSPAM it is: the embedded Java engine or a
 * dspamd reached over DLMTP. Blocking; callers on reactive paths wrap it on a bounded elastic
 * scheduler.
 *
 * <p>Contract: a response holds one outcome per requested user, in order; a user DSPAM gave no
 * result for is a "not classified" outcome, not an exception. A {@link DspamException} means the
 * request as a whole failed (backend unreachable, timed out, refused, misbehaving); for a
 * request that may learn it also means nothing was learned, or the failure says otherwise.
 */
public interface DspamBackend extends Closeable {
    /**
     * The most bytes of messages a caller holds for one {@link #executeTogether} (besides the one
     * message that passes it), so that a folder of large messages trains in a small heap.
     */
    long TRAINING_BATCH_BYTES = 1 << 20;

    DspamResponse execute(DspamRequest request);

    /** Cheap liveness probe; throws {@link DspamException} when the backend cannot serve. */
    void ping();

    /** A short name for logs, metrics and health checks, e.g. {@code embedded} or {@code dspamd}. */
    String name();

    /**
     * Whether a caller that gives up on a call (its timeout passed) may interrupt the thread
     * running it. Yes for a network client (the interrupt ends its wait for a hung peer); no for
     * a backend doing file I/O on NIO channels, which an interrupt closes for good
     * ({@code ClosedByInterruptException}): the call is then left to finish on its own.
     */
    default boolean interruptible() {
        return true;
    }

    /**
     * Whether a training with an operation key ({@link io.jamesdspam.model.DspamRequest#once}) is
     * applied at most once per user and key: the key is kept in the same transaction as the
     * training. No for DLMTP (no such option) and for stores that cannot keep keys.
     */
    default boolean appliesOperationsOnce() {
        return false;
    }

    /**
     * How many whole-message trainings of one user {@link #executeTogether} writes together to
     * good effect: more than 1 where they go into one transaction (the embedded engine on SQL
     * storage), 1 where each is written on its own anyway, so that a caller keeps sending them one
     * at a time (and can stop between any two).
     */
    default int trainingBatchSize() {
        return 1;
    }

    /**
     * {@code requests}, each for {@code user} alone, in order: the outcomes of {@link #execute} one
     * after the other, written together where the backend can ({@link #trainingBatchSize()}). This
     * default executes them one by one; a request that fails gets a "not classified" outcome naming
     * the failure, and the next ones are still executed.
     */
    default List<UserOutcome> executeTogether(DspamUser user, List<DspamRequest> requests) {
        List<UserOutcome> outcomes = new ArrayList<>(requests.size());
        for (DspamRequest request : requests) {
            UserOutcome outcome;
            try {
                outcome = execute(request).outcomeFor(user)
                    .orElseGet(() -> UserOutcome.notClassified(user, "no outcome for " + user));
            } catch (DspamException e) {
                outcome = UserOutcome.notClassified(user, e.kind() + ": " + e.getMessage());
            }
            outcomes.add(outcome);
        }
        return outcomes;
    }

    @Override
    default void close() {
    }
}
