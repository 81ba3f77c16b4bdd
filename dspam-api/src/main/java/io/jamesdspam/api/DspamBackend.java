package io.jamesdspam.api;

import java.io.Closeable;

import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;

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

    @Override
    default void close() {
    }
}
