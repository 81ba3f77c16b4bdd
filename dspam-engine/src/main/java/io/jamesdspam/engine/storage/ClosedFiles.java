package io.jamesdspam.engine.storage;

import java.nio.channels.ClosedChannelException;
import java.util.function.Supplier;

/**
 * How the journal store recognises, and works around, a NIO channel closed under it. An interrupt
 * of a thread in (or entering) a blocking operation on a {@code FileChannel} closes the channel
 * for every thread ({@code ClosedByInterruptException} for that one, then
 * {@code ClosedChannelException}; {@code AsynchronousCloseException} for a thread blocked on it
 * meanwhile: all three are {@link ClosedChannelException}s). James interrupts threads when it
 * cancels a task or shuts down, and the DLMTP server when it stops.
 */
final class ClosedFiles {
    /** Causes and suppressed exceptions looked through: the store wraps at most a few levels. */
    private static final int MAX_DEPTH = 8;

    private ClosedFiles() {
    }

    /** Whether {@code failure} comes from a channel closed under the call (in its causes or suppressed ones). */
    static boolean closedChannel(Throwable failure) {
        return closedChannel(failure, 0);
    }

    private static boolean closedChannel(Throwable failure, int depth) {
        if (failure == null || depth > MAX_DEPTH) {
            return false;
        }
        if (failure instanceof ClosedChannelException) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (closedChannel(suppressed, depth + 1)) {
                return true;
            }
        }
        return failure.getCause() != failure && closedChannel(failure.getCause(), depth + 1);
    }

    /**
     * Runs {@code work} with the thread's interrupt status cleared, so that NIO does not close
     * the channels it opens or uses at their first blocking operation, and sets it again after:
     * the caller still learns it was interrupted, once the user's files are consistent again.
     */
    static <T> T uninterrupted(Supplier<T> work) {
        boolean interrupted = Thread.interrupted();
        try {
            return work.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
