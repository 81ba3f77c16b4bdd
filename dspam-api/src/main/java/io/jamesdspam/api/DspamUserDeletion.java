package io.jamesdspam.api;

import io.jamesdspam.model.DspamUser;

/**
 * Forgetting everything DSPAM learned for a user, when James deletes the user (or an operator
 * resets a dictionary). Offered by backends that own the store (the embedded engine); DLMTP has
 * no such command, so a dspamd client does not offer it.
 */
public interface DspamUserDeletion {

    /** What one deletion removed. */
    final class DeletionReport {
        /** The user held nothing: nothing was deleted. */
        public static final DeletionReport NOTHING_STORED = new DeletionReport(0, 0, false);

        private final long tokens;
        private final long signatures;
        private final boolean found;

        public DeletionReport(long tokens, long signatures) {
            this(tokens, signatures, true);
        }

        private DeletionReport(long tokens, long signatures, boolean found) {
            this.tokens = tokens;
            this.signatures = signatures;
            this.found = found;
        }

        /** Whether the user held anything (totals, rows, signatures or preferences). */
        public boolean found() {
            return found;
        }

        /** Token rows deleted. */
        public long tokens() {
            return tokens;
        }

        /** Signatures deleted. */
        public long signatures() {
            return signatures;
        }
    }

    /**
     * Deletes the user's totals, token rows, signatures and own preferences. A user with nothing
     * stored deletes nothing. Afterwards a message for the user starts a new, empty dictionary.
     *
     * @throws DspamException the store failed; part of the user may be left, and deleting it again
     *     finishes the deletion
     */
    DeletionReport deleteUser(DspamUser user);
}
