package io.jamesdspam.engine.storage.sql;

import io.jamesdspam.engine.storage.ControlDelta;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.storage.TokenUpdate;

/**
 * What several messages, one after the other, do to one token row of DSPAM's tables, folded into
 * one write (docs/ENGINE-SPEC.md §6.7). Each message either updates the row relatively (it had the
 * row) or inserts it with 0/1, turning into the relative update when the row is there after all.
 * So a row that is there when the messages are written gets {@link #update()}, every message's
 * change as one {@link ClampedSum} per counter; a row that is not gets {@link #insertedSpamHits()}
 * / {@link #insertedInnocentHits()}, what the first inserting message put there with the later
 * messages' changes on it — or nothing, when no message inserts it (their UPDATEs find no row).
 */
final class RowChange {
    /** No message yet. */
    static final RowChange NONE = new RowChange(Update.NONE, false, 0, 0);

    private final Update update;
    private final boolean inserts;
    private final long insertedSpamHits;
    private final long insertedInnocentHits;

    private RowChange(Update update, boolean inserts, long insertedSpamHits, long insertedInnocentHits) {
        this.update = update;
        this.inserts = inserts;
        this.insertedSpamHits = insertedSpamHits;
        this.insertedInnocentHits = insertedInnocentHits;
    }

    /** This, then what {@code message} writes for {@code token}. */
    RowChange then(MessageUpdate message, TokenUpdate token) {
        ControlDelta change = message.relativeChangeOf(token);
        Update next = update.then(change);
        if (inserts) {
            return new RowChange(next, true, Math.max(insertedSpamHits + change.spam(), 0),
                Math.max(insertedInnocentHits + change.innocent(), 0));
        }
        if (!token.existed()) {
            return new RowChange(next, true, message.insertedSpamHits(token), message.insertedInnocentHits(token));
        }
        return new RowChange(next, false, 0, 0);
    }

    /**
     * Sets row {@code i} of {@code rows} to what the database holds after the messages, for a row
     * that held {@code spamHits}/{@code innocentHits} ({@code found}) or none: the update, the
     * inserted values, or still no row.
     */
    void applyTo(TokenRows rows, int i, boolean found, long spamHits, long innocentHits) {
        if (found) {
            rows.set(i, update.spam.appliedTo(spamHits), update.innocent.appliedTo(innocentHits));
        } else if (inserts) {
            rows.set(i, insertedSpamHits, insertedInnocentHits);
        }
    }

    /** The change of a row that is there when the messages are written. */
    Update update() {
        return update;
    }

    /** Whether a row that is not there when the messages are written is inserted. */
    boolean inserts() {
        return inserts;
    }

    long insertedSpamHits() {
        return insertedSpamHits;
    }

    long insertedInnocentHits() {
        return insertedInnocentHits;
    }

    /** Both counters' change of a row that is there; equal changes are written by one statement. */
    static final class Update {
        static final Update NONE = new Update(ClampedSum.NONE, ClampedSum.NONE);

        final ClampedSum spam;
        final ClampedSum innocent;
        /** Computed at the first {@link #hashCode()}: the writes ask it of every row, once each. */
        private int hash;

        private Update(ClampedSum spam, ClampedSum innocent) {
            this.spam = spam;
            this.innocent = innocent;
        }

        Update then(ControlDelta change) {
            return new Update(spam.then(change.spam()), innocent.then(change.innocent()));
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            if (!(o instanceof Update)) {
                return false;
            }
            Update that = (Update) o;
            return spam.equals(that.spam) && innocent.equals(that.innocent);
        }

        @Override
        public int hashCode() {
            if (hash == 0) {
                hash = spam.hashCode() * 31 + innocent.hashCode();
            }
            return hash;
        }

        @Override
        public String toString() {
            return "spam " + spam + ", innocent " + innocent;
        }
    }
}
