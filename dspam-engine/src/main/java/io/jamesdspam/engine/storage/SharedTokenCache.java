package io.jamesdspam.engine.storage;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.jamesdspam.model.DspamTotals;

/**
 * A node's copy of token rows kept in a database that other writers share (other James nodes, a
 * real dspamd), so that a message reads from the database only the rows this node has not seen.
 *
 * <p>Why it stays exact: every write of DSPAM, and of this engine, that changes a user's tokens
 * also changes the user's totals row ({@code dspam_stats}) — learned, classified, misclassified or
 * corpus-fed counters — and never back to an earlier value (a retraining lowers one learned
 * counter but raises a misclassified one). So the totals are the version of the user's tokens:
 * the copy records the totals it is valid for, every message reads the totals in the same round
 * trip as its missing rows, and the copy is used only when they are unchanged. After this node's
 * own write, the totals read back in the write's transaction must be exactly the copy's plus this
 * message's change; anything else means another writer came between, and the user's copy is
 * dropped.
 *
 * <p>A purge ({@code dspam_clean}, DSPAM's nightly {@code purge.sql}, another node's purge) deletes
 * rows without touching the totals: a copy is therefore never older than {@code maximumAgeNanos};
 * this node's own purges drop the copy at once ({@link #abandoned}).
 *
 * <p>A row the database does not have is remembered too (most of a message's tokens are known,
 * many are not). Rows with counters beyond {@link #LARGEST_COUNTER} are never kept (the table's
 * packed counters would clamp them). Users are dropped least recently used first when the tables
 * together pass the heap budget. Thread-safe: one lock, held for in-memory work only.
 *
 * <p>This node's own messages for one user may run at once: a write's change is added to the copy
 * after it committed, so rows read from the database while a write of the same user was under way
 * may already hold that change. Such rows are used for their message but not kept: a read keeps
 * its rows only when no write of the user began since the read started and none is under way
 * ({@link #writing}); writes are counted per stripe of users, a collision only costs a row kept.
 */
public final class SharedTokenCache {
    /** The largest counter kept; the two packed values above it mark rows the database does not have or must be asked for. */
    static final long LARGEST_COUNTER = 0x0FFFFFFDL;
    private static final long NO_ROW = 0x0FFFFFFFL;
    private static final long ASK_DATABASE = 0x0FFFFFFEL;
    private static final long NO_ROW_PACKED = NO_ROW << 32 | NO_ROW;
    private static final int STRIPES = 4096;
    private static final int REMEMBERED_WHOLE_READS = 100_000;
    /**
     * Messages a copy made of messages' rows serves before the user's whole dictionary is read
     * instead: a whole read costs the dictionary's rows (up to {@link #MOST_ROWS_READ_WHOLE}) once,
     * a message ≈ 1,400; worth it for a user mailed often within the copy age, not for a user
     * mailed once in a while (whose copy ages out before it pays back).
     */
    static final int READS_BEFORE_WHOLE = 8;
    /**
     * A whole dictionary may take a quarter of the budget, and no more than this many rows: the
     * read of a million rows takes about a second and a half (it delays one message of the user
     * per copy age). Dictionaries of a few hundred thousand rows are common: read message by
     * message instead, each message of such a user asks the database for its words never seen,
     * which cost the SMTP pipeline on PostgreSQL with 392,000-row users a quarter of its throughput.
     */
    private static final int MOST_ROWS_READ_WHOLE = 1_000_000;
    /**
     * Heap of a copy's row, as {@link TokenTable} sizes its tables (derived, so that the two cannot
     * drift apart). A copy keeps counters only: the database's last-hit days are never read here.
     */
    static final long BYTES_PER_ROW = TokenTable.countersOnlyHeapBytesFor(MOST_ROWS_READ_WHOLE) / MOST_ROWS_READ_WHOLE;

    private final long budgetBytes;
    /** Rows a whole dictionary may have: a quarter of the budget, at most {@link #MOST_ROWS_READ_WHOLE}. */
    private final long mostRowsReadWhole;
    private final long maximumAgeNanos;
    private final LongSupplier nanoTime;
    /** Users by key (the database's uid), least recently used first. */
    private final LinkedHashMap<Long, UserRows> users = new LinkedHashMap<>(64, 0.75f, true);
    private long usedBytes;
    /** Writes begun and not yet {@link #written}, per stripe of users. */
    private final int[] writesUnderWay = new int[STRIPES];
    /** The {@link #writesBegun} count when a write of the stripe last began. */
    private final long[] lastWriteBegun = new long[STRIPES];
    private long writesBegun;
    /** Each user's last whole read (at most one per copy age, whatever happened to the copy). */
    private final LinkedHashMap<Long, WholeRead> lastWholeReads = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, WholeRead> eldest) {
            return size() > REMEMBERED_WHOLE_READS;
        }
    };

    /**
     * When a user's dictionary was last read whole ({@code Long.MAX_VALUE}: it did not fit) and
     * how many rows it then had: the next whole read's table is made that large at once, where
     * growing it from the smallest table re-inserted every row about twice (a 400,000-row
     * dictionary grew through 17 tables).
     */
    private static final class WholeRead {
        final long atNanos;
        final int rows;

        WholeRead(long atNanos, int rows) {
            this.atNanos = atNanos;
            this.rows = rows;
        }
    }

    public SharedTokenCache(long budgetBytes, long maximumAgeNanos, LongSupplier nanoTime) {
        if (budgetBytes < 0 || maximumAgeNanos < 0) {
            throw new IllegalArgumentException("A cache budget and age cannot be negative: " + budgetBytes + ", "
                + maximumAgeNanos);
        }
        this.budgetBytes = budgetBytes;
        this.mostRowsReadWhole = Math.min(MOST_ROWS_READ_WHOLE, budgetBytes / 4 / BYTES_PER_ROW);
        this.maximumAgeNanos = maximumAgeNanos;
        this.nanoTime = nanoTime;
    }

    /** One user's rows and the totals they are valid for. */
    private static final class UserRows {
        final TokenTable table;
        final long filledAtNanos;
        DspamTotals version;
        long accountedBytes;
        /** The last read found the totals changed: the next reads the whole message instead of trusting the copy. */
        boolean changedElsewhere;
        /** Made from every row of the user and kept so: an id it does not know has no row. */
        boolean whole;
        /** Messages the copy answered for (the whole dictionary is read once it served {@link #READS_BEFORE_WHOLE}). */
        int reads;

        UserRows(DspamTotals version, long filledAtNanos) {
            this(TokenTable.countersOnly(0), version, filledAtNanos);
        }

        UserRows(TokenTable table, DspamTotals version, long filledAtNanos) {
            this.table = table;
            this.version = version;
            this.filledAtNanos = filledAtNanos;
        }
    }

    /**
     * What the copy holds of one message's tokens: {@code rows} (aligned with the message's ids)
     * got the known rows; {@link #missingIds()} must be read, with the totals, from the database,
     * and the answer given to {@link #complete}.
     */
    public final class Read {
        private final long key;
        private final long[] ids;
        private final TokenRows rows;
        private final DspamTotals expectedVersion;
        private final int[] missingPositions;
        private final long[] missingIds;
        private final long writesBegunBefore;
        private final boolean wantsWholeDictionary;
        /** Rows the user's dictionary had when it was last read whole (0: never). */
        private final int wholeRowsBefore;

        private Read(long key, long[] ids, TokenRows rows, DspamTotals expectedVersion, int[] missingPositions,
                     long[] missingIds, long writesBegunBefore, boolean wantsWholeDictionary, int wholeRowsBefore) {
            this.key = key;
            this.writesBegunBefore = writesBegunBefore;
            this.wantsWholeDictionary = wantsWholeDictionary;
            this.wholeRowsBefore = wholeRowsBefore;
            this.ids = ids;
            this.rows = rows;
            this.expectedVersion = expectedVersion;
            this.missingPositions = missingPositions;
            this.missingIds = missingIds;
        }

        /** The ids the copy does not answer for: all of them when it holds nothing valid for the user. */
        public long[] missingIds() {
            return missingIds;
        }

        /**
         * Takes the database's answer ({@code fetched}, aligned with {@link #missingIds()}) read
         * after {@code totals}. Returns the message's rows when the copy was valid for those totals
         * (or nothing of it was used), else empty: the caller must then read every id again and
         * give them to {@link #replace}.
         */
        public Optional<TokenRows> complete(DspamTotals totals, TokenRows fetched) {
            return completeRead(this, totals, fetched);
        }

        /** After a read that found the totals changed: {@code rows} of every id, read after {@code totals}. */
        public void replace(DspamTotals totals, TokenRows rows) {
            replaceRows(this, totals, rows);
        }

        /**
         * Whether the user's whole dictionary may be read instead of the message's rows
         * ({@link #wholeDictionary()}): the node's copy of the user, made of messages' rows, has
         * served {@link #READS_BEFORE_WHOLE} messages; at most once per copy age and user. A copy
         * that knows every row also knows which ids have none, so the user's next messages read
         * only the totals, even for words never seen. When the whole read is not done or does not
         * fit, this read stands as it is.
         */
        public boolean wantsWholeDictionary() {
            return wantsWholeDictionary;
        }

        /** Where the rows of the whole dictionary go, read after the totals. */
        public WholeDictionary wholeDictionary() {
            return new WholeDictionary(this);
        }
    }

    /** The rows of a user's whole dictionary being read; too many for the budget, and it is given up. */
    public final class WholeDictionary {
        private final Read read;
        private final TokenTable table;
        private long rowCount;

        private WholeDictionary(Read read) {
            this.read = read;
            this.table = TokenTable.countersOnly(read.wholeRowsBefore);
        }

        /** Slots of the table the rows go into (for tests). */
        int capacity() {
            return table.capacity();
        }

        /** How many rows are worth reading: one more than fit, to tell that they did not. */
        public long rowLimit() {
            return mostRowsReadWhole + 1;
        }

        /** One row of the user; false once there are more than fit, or one the table cannot hold (stop reading). */
        public boolean add(long id, long spamHits, long innocentHits) {
            if (++rowCount > mostRowsReadWhole || spamHits > LARGEST_COUNTER || innocentHits > LARGEST_COUNTER) {
                rowCount = mostRowsReadWhole + 1;
                return false;
            }
            if (id != ControlDelta.CONTROL_TOKEN_ID) {
                table.put(id, spamHits, innocentHits, 0);
            }
            return true;
        }

        /**
         * The message's rows when the whole dictionary fit ({@code totals} were read before it): the
         * copy is then made of it, if no write of the user came meanwhile. Empty when it did not fit:
         * read the message's rows as usual (the read still stands).
         */
        public Optional<TokenRows> complete(DspamTotals totals) {
            if (rowCount > mostRowsReadWhole) {
                tooLarge(read.key);
                return Optional.empty();
            }
            // Not into the read's rows: the copy it was made from may hold a row the dictionary no longer has
            TokenRows rows = new TokenRows(read.ids.length);
            for (int i = 0; i < read.ids.length; i++) {
                long packed = table.counters(read.ids[i]);
                if (packed != TokenTable.ABSENT) {
                    rows.set(i, TokenTable.spamHits(packed), TokenTable.innocentHits(packed));
                }
            }
            installWhole(read, table, totals);
            return Optional.of(rows);
        }
    }

    private synchronized void tooLarge(long key) {
        lastWholeReads.put(key, new WholeRead(Long.MAX_VALUE, 0));
    }

    private synchronized void installWhole(Read read, TokenTable table, DspamTotals totals) {
        if (writing(read)) {
            return;
        }
        drop(read.key);
        UserRows user = new UserRows(table, totals, nanoTime.getAsLong());
        user.whole = true;
        users.put(read.key, user);
        account(read.key, user);
        WholeRead begun = lastWholeReads.get(read.key);
        if (begun != null) {
            lastWholeReads.put(read.key, new WholeRead(begun.atNanos, table.size()));
        }
    }

    /** Looks {@code ids} up in {@code key}'s copy (the control token, never stored, is answered as absent). */
    public Read read(long key, long[] ids) {
        TokenRows rows = new TokenRows(ids.length);
        synchronized (this) {
            UserRows user = users.get(key);
            if (user != null && nanoTime.getAsLong() - user.filledAtNanos > maximumAgeNanos) {
                drop(key);
                user = null;
            }
            if (user == null || user.changedElsewhere) {
                return new Read(key, ids, rows, null, identity(ids.length), ids, writesBegun, false, 0);
            }
            user.reads++;
            int[] positions = new int[ids.length];
            int missing = copyKnown(user, ids, rows, positions);
            long[] missingIds = new long[missing];
            for (int i = 0; i < missing; i++) {
                missingIds[i] = ids[positions[i]];
            }
            boolean readWhole = !user.whole && user.reads >= READS_BEFORE_WHOLE && mayReadWhole(key);
            return new Read(key, ids, rows, user.version, Arrays.copyOf(positions, missing), missingIds,
                writesBegun, readWhole, readWhole ? lastWholeReads.get(key).rows : 0);
        }
    }

    /**
     * The rows of {@code ids} from the user's copy when it is valid for {@code totals} (read from
     * the database moments ago, for the same message) and knows every id; empty otherwise, and
     * the caller asks the database.
     */
    public synchronized Optional<TokenRows> readAsOf(long key, long[] ids, DspamTotals totals) {
        UserRows user = users.get(key);
        if (user == null || user.changedElsewhere || !user.version.equals(totals)
            || nanoTime.getAsLong() - user.filledAtNanos > maximumAgeNanos) {
            return Optional.empty();
        }
        TokenRows rows = new TokenRows(ids.length);
        return copyKnown(user, ids, rows, new int[ids.length]) == 0 ? Optional.of(rows) : Optional.empty();
    }

    /**
     * Sets in {@code rows} what the copy knows of {@code ids} (the control token, never stored, is
     * answered as absent) and writes the positions of the ids the database must be asked for into
     * {@code missing}; returns how many.
     */
    private static int copyKnown(UserRows user, long[] ids, TokenRows rows, int[] missing) {
        long[] stored = new long[ids.length];
        user.table.packedCounters(ids, stored);
        int count = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == ControlDelta.CONTROL_TOKEN_ID) {
                continue;
            }
            long packed = known(user.whole, stored[i]);
            if (packed == TokenTable.ABSENT || TokenTable.spamHits(packed) == ASK_DATABASE) {
                missing[count++] = i;
            } else if (packed != NO_ROW_PACKED) {
                rows.set(i, TokenTable.spamHits(packed), TokenTable.innocentHits(packed));
            }
        }
        return count;
    }

    /** The packed row the copy holds for {@code id}; in a whole copy an unknown id has no row. */
    private static long known(UserRows user, long id) {
        return known(user.whole, user.table.counters(id));
    }

    /** What a copy (read whole or not) knows from its table's answer {@code stored} for an id. */
    private static long known(boolean whole, long stored) {
        return stored == TokenTable.ABSENT && whole ? NO_ROW_PACKED : stored;
    }

    /** Whether the user's dictionary was not read whole within the copy age; if so, it counts as read now. */
    private boolean mayReadWhole(long key) {
        if (mostRowsReadWhole < 1) {
            return false;
        }
        long now = nanoTime.getAsLong();
        WholeRead last = lastWholeReads.get(key);
        if (last != null && (last.atNanos == Long.MAX_VALUE || now - last.atNanos <= maximumAgeNanos)) {
            // Read whole within the copy age, or too large to be (dictionaries seldom shrink)
            return false;
        }
        lastWholeReads.put(key, new WholeRead(now, last == null ? 0 : last.rows));
        return true;
    }

    private static int[] identity(int size) {
        int[] positions = new int[size];
        for (int i = 0; i < size; i++) {
            positions[i] = i;
        }
        return positions;
    }

    private Optional<TokenRows> completeRead(Read read, DspamTotals totals, TokenRows fetched) {
        for (int j = 0; j < read.missingPositions.length; j++) {
            if (fetched.found(j)) {
                read.rows.set(read.missingPositions[j], fetched.spamHits(j), fetched.innocentHits(j));
            }
        }
        boolean usedCopy = read.expectedVersion != null;
        if (usedCopy && !read.expectedVersion.equals(totals)) {
            synchronized (this) {
                UserRows user = users.get(read.key);
                if (user != null && !user.changedElsewhere && user.version.equals(totals) && answerAgain(user, read)) {
                    // This node's own writes moved the copy on to the totals just read: it answers for them
                    return Optional.of(read.rows);
                }
                if (user != null) {
                    user.changedElsewhere = true;
                }
            }
            return Optional.empty();
        }
        synchronized (this) {
            if (writing(read)) {
                return Optional.of(read.rows);
            }
            UserRows user = users.get(read.key);
            if (user != null && user.version.equals(totals) && (usedCopy || user.changedElsewhere)) {
                // The copy is still valid for these totals: it gains the rows read (a distrusted copy is trusted again)
                user.changedElsewhere = false;
            } else if (usedCopy) {
                // The copy went, or another message of this node wrote meanwhile: these rows may predate it
                return Optional.of(read.rows);
            } else {
                // Every id was read: the copy starts again from these rows, distrusted still if it was and the totals moved
                boolean distrusted = user != null && user.changedElsewhere;
                drop(read.key);
                user = new UserRows(totals, nanoTime.getAsLong());
                user.changedElsewhere = distrusted;
                users.put(read.key, user);
            }
            remember(user, read.missingIds, fetched);
            account(read.key, user);
        }
        return Optional.of(read.rows);
    }

    /**
     * Answers again, from the copy as it is now, the ids it answered at the read; false when it no
     * longer knows one of them or one lost its row (neither happens without a purge or a drop).
     */
    private static boolean answerAgain(UserRows user, Read read) {
        int next = 0;
        for (int i = 0; i < read.ids.length; i++) {
            if (next < read.missingPositions.length && read.missingPositions[next] == i) {
                next++;
                continue;
            }
            long id = read.ids[i];
            if (id == ControlDelta.CONTROL_TOKEN_ID) {
                continue;
            }
            long packed = known(user, id);
            if (packed == TokenTable.ABSENT || TokenTable.spamHits(packed) == ASK_DATABASE
                || packed == NO_ROW_PACKED && read.rows.found(i)) {
                return false;
            }
            if (packed != NO_ROW_PACKED) {
                read.rows.set(i, TokenTable.spamHits(packed), TokenTable.innocentHits(packed));
            }
        }
        return true;
    }

    private synchronized void replaceRows(Read read, DspamTotals totals, TokenRows rows) {
        drop(read.key);
        if (writing(read)) {
            return;
        }
        UserRows user = new UserRows(totals, nanoTime.getAsLong());
        // Another writer is at work on this user: the next message reads all its rows in one round trip
        user.changedElsewhere = true;
        users.put(read.key, user);
        remember(user, read.ids, rows);
        account(read.key, user);
    }

    /** Whether a write of the read's user (stripe) is under way or began since the read started. */
    private boolean writing(Read read) {
        int stripe = stripe(read.key);
        return writesUnderWay[stripe] > 0 || lastWriteBegun[stripe] > read.writesBegunBefore;
    }

    private static int stripe(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(STRIPES)));
    }

    /** Before this node writes a message of {@code key}; {@link #written} or {@link #abandoned} must follow. */
    public synchronized void writing(long key) {
        int stripe = stripe(key);
        writesUnderWay[stripe]++;
        lastWriteBegun[stripe] = ++writesBegun;
    }

    /** A write of {@code key} whose effect the copy cannot follow (it failed: whether anything reached the database is unknown; a purge): the copy goes. */
    public synchronized void abandoned(long key) {
        writesUnderWay[stripe(key)]--;
        drop(key);
    }

    private static void remember(UserRows user, long[] ids, TokenRows rows) {
        for (int i = 0; i < ids.length; i++) {
            long id = ids[i];
            if (id == ControlDelta.CONTROL_TOKEN_ID) {
                continue;
            }
            if (!rows.found(i)) {
                user.table.put(id, NO_ROW, NO_ROW, 0);
            } else {
                put(user, id, rows.spamHits(i), rows.innocentHits(i));
            }
        }
    }

    private static void put(UserRows user, long id, long spamHits, long innocentHits) {
        if (spamHits <= LARGEST_COUNTER && innocentHits <= LARGEST_COUNTER) {
            user.table.put(id, spamHits, innocentHits, 0);
        } else {
            user.table.put(id, ASK_DATABASE, 0, 0);
        }
    }

    /**
     * After this node wrote {@code update} for {@code key} (one message's write; see the next method
     * for a batch of the user's messages written in one transaction): {@code totalsAfter} are the totals read back
     * in the write's transaction. The copy follows the write when nobody else wrote since it was
     * valid (the totals after are exactly the copy's plus the updates' changes); otherwise the
     * user's copy is dropped.
     */
    public void written(long key, MessageUpdate update, DspamTotals totalsAfter) {
        written(key, List.of(update), totalsAfter);
    }

    /** As {@link #written(long, MessageUpdate, DspamTotals)}, for several updates written one after the other. */
    public void written(long key, List<MessageUpdate> updates, DspamTotals totalsAfter) {
        synchronized (this) {
            writesUnderWay[stripe(key)]--;
            UserRows user = users.get(key);
            if (user == null) {
                return;
            }
            // The messages may have been read before another write of this node that the copy already follows:
            // their change then lands on the copy's totals, relative updates commuting
            DspamTotals expected = user.version;
            for (MessageUpdate update : updates) {
                if (!update.totalsChanged() && !update.tokens().isEmpty()) {
                    drop(key);
                    return;
                }
                expected = update.relativelyAppliedTo(expected);
            }
            if (user.changedElsewhere || !totalsAfter.equals(expected)) {
                drop(key);
                return;
            }
            for (MessageUpdate update : updates) {
                for (TokenUpdate token : update.tokens()) {
                    if (!follow(user, token, update)) {
                        drop(key);
                        return;
                    }
                }
            }
            user.version = totalsAfter;
            account(key, user);
        }
    }

    /**
     * The row after DSPAM's write (ENGINE-SPEC §6.7): a row the copy knows gets the relative change
     * clamped at 0 (also a row this message meant to insert that another writer inserted first);
     * a row the database did not have gets what was inserted (0/1 for the engine's updates). False
     * when the copy and the message disagree on whether the row existed (the copy cannot know the result).
     */
    private static boolean follow(UserRows user, TokenUpdate token, MessageUpdate update) {
        long id = token.tokenId();
        if (id == ControlDelta.CONTROL_TOKEN_ID) {
            return true;
        }
        long packed = known(user, id);
        if (packed == TokenTable.ABSENT || TokenTable.spamHits(packed) == ASK_DATABASE) {
            return true;
        }
        if (packed == NO_ROW_PACKED) {
            if (token.existed()) {
                return false;
            }
            put(user, id, update.insertedSpamHits(token), update.insertedInnocentHits(token));
            return true;
        }
        ControlDelta change = update.relativeChangeOf(token);
        put(user, id, Math.max(0, TokenTable.spamHits(packed) + change.spam()),
            Math.max(0, TokenTable.innocentHits(packed) + change.innocent()));
        return true;
    }

    private void drop(long key) {
        UserRows user = users.remove(key);
        if (user != null) {
            usedBytes -= user.accountedBytes;
        }
    }

    /** Counts the user's table and drops the least recently used users until the tables fit the budget. */
    private void account(long key, UserRows user) {
        long bytes = user.table.heapBytes();
        usedBytes += bytes - user.accountedBytes;
        user.accountedBytes = bytes;
        Iterator<Map.Entry<Long, UserRows>> oldestFirst = users.entrySet().iterator();
        while (usedBytes > budgetBytes && oldestFirst.hasNext()) {
            Map.Entry<Long, UserRows> oldest = oldestFirst.next();
            usedBytes -= oldest.getValue().accountedBytes;
            oldestFirst.remove();
        }
    }

    /** Heap the users' tables take (for tests and statistics). */
    public synchronized long usedBytes() {
        return usedBytes;
    }

    /** Users with a copy. */
    public synchronized int userCount() {
        return users.size();
    }
}
