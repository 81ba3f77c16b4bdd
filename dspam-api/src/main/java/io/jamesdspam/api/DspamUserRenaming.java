package io.jamesdspam.api;

import io.jamesdspam.model.DspamUser;

/**
 * Moving what DSPAM learned for a user to another name, when James renames the user. Offered by
 * backends that own the store (the embedded engine); DLMTP has no such command, so a dspamd
 * client does not offer it.
 */
public interface DspamUserRenaming {

    /** What one move wrote under the new name. */
    final class MoveReport {
        /** The old name held nothing: nothing was written. */
        public static final MoveReport NOTHING_STORED = new MoveReport(0, 0, false, false);

        private final long tokens;
        private final long signatures;
        private final boolean merged;
        private final boolean found;

        public MoveReport(long tokens, long signatures, boolean merged) {
            this(tokens, signatures, merged, true);
        }

        private MoveReport(long tokens, long signatures, boolean merged, boolean found) {
            this.tokens = tokens;
            this.signatures = signatures;
            this.merged = merged;
            this.found = found;
        }

        /** Whether the old name held anything (totals, rows, signatures or preferences). */
        public boolean found() {
            return found;
        }

        /** Token rows written for the new name. */
        public long tokens() {
            return tokens;
        }

        /** Signatures copied to the new name (a merge keeps the new name's own of the same id). */
        public long signatures() {
            return signatures;
        }

        /** Whether the new name held data already, to which the old name's was added. */
        public boolean merged() {
            return merged;
        }
    }

    /**
     * Adds everything {@code from} holds (totals, token rows, signatures, preferences) to
     * {@code to}, then empties {@code from}. When {@code to} holds nothing (the usual case), the
     * store gives it {@code from}'s data in one step where it can, which either happens whole or
     * not at all. {@code to} may hold data already (mail that reached the new name first):
     * counters and totals are then summed, as DSPAM's merge does. A user with nothing stored
     * moves nothing.
     *
     * @throws DspamException the store failed: in the one-step move, nothing moved; while copying,
     *     {@code from} is left as it was and part of it may be in {@code to}; while emptying
     *     {@code from} afterwards, {@code to} is complete and part of {@code from} is left
     */
    MoveReport moveUser(DspamUser from, DspamUser to);
}
