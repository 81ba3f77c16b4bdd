package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.CRC32C;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.model.DspamTotals;

/**
 * One user's data in a {@link JournalDspamStore}: totals and token rows, made durable by three
 * files in the user's directory. The snapshot's rows are read in place from the mapped file
 * ({@link MappedSnapshot}); the rows the journal changed since sit in a table in the heap and win
 * over the snapshot's; while the store caches the user ({@link #cache}), every row's counters
 * are also in one table in the heap, the fastest lookup.
 *
 * <ul>
 *   <li>{@code tokens.snapshot}: header (magic, generation, last sequence, the 8 totals, row
 *   count), the rows ({@code long id, int spam, int innocent, int lastHitDay}) in ascending id
 *   order and a CRC-32C of everything before it. Replaced only by an atomic rename. A snapshot of
 *   the first format (magic {@code DSPAMSN1}, rows in no order) is read whole into the heap and
 *   rewritten sorted at once.</li>
 *   <li>{@code journal}: header (magic, generation), then one framed record per applied message:
 *   {@code long sequence, int day, 8 totals, int count, count × (long id, int spam, int
 *   innocent)}. The values are the absolute ones the engine computed (the hash driver's way,
 *   docs/ENGINE-SPEC.md §6.7), so replaying a record twice is harmless and a torn last record is simply
 *   dropped. The record is written before {@code apply} returns: that write is the commit.</li>
 *   <li>{@code signatures} (and {@code signatures.index}, its index saved when the user is closed): see
 *   {@link JournalSignatureFile}.</li>
 * </ul>
 *
 * <p>Compaction (by the message that takes the user past its limits or, by default, by the
 * store's compaction thread after it, see {@link #needsCompaction}) writes a new snapshot of
 * generation g+1, renames it into place, then starts an empty journal of generation g+1. A crash between the two leaves a journal of generation g,
 * which the next open ignores because the snapshot already holds all of it.
 *
 * <p>Not thread-safe: {@link JournalDspamStore} holds this object's monitor around every call.
 */
final class JournalUserData implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(JournalUserData.class);
    static final String SNAPSHOT = "tokens.snapshot";
    static final String JOURNAL = "journal";
    static final String SIGNATURES = "signatures";
    private static final int SNAPSHOT_HEADER = 8 + 8 + 8 + JournalFormat.TOTALS_COUNT * 8 + 8;
    private static final int SNAPSHOT_ROW = MappedSnapshot.ROW;
    private static final int JOURNAL_RECORD_HEADER = 8 + 4 + JournalFormat.TOTALS_COUNT * 8 + 4;
    private static final int JOURNAL_ROW = 8 + 4 + 4;
    private static final int MINIMUM_CHANGES_BEFORE_COMPACTION = 1024;
    /** Snapshot rows {@link #copyRowsInto} takes at a time (32 KB an array). */
    private static final int COPY_BATCH = 4096;
    /**
     * With compactions in the background, how far past its limits a user may go before the thread
     * of a message compacts it itself: the compaction thread fell behind (one thread for every
     * user), and the journal and the changed rows in the heap must stay bounded.
     */
    static final int BACKGROUND_LAG_FACTOR = 2;

    private final Path directory;
    private final JournalDspamStore.Options options;
    private DspamTotals totals = DspamTotals.EMPTY;
    /** The rows of the snapshot, read in place. */
    private MappedSnapshot snapshotRows = MappedSnapshot.EMPTY;
    /** Rows written since the snapshot (journal replay, applied messages); they win over the snapshot's. */
    private TokenTable changes = new TokenTable();
    /** Every row's counters (no days), in the heap, while the store caches this user; null otherwise. */
    private volatile TokenTable cached;
    /** Written under the monitor, read by the store's cache admission outside it. */
    private volatile int lookupsSinceLoad;
    private long cacheGrowth;
    /** The heap of {@link #changes} as last given to the store's account ({@link #takeChangesGrowth}). */
    private long accountedChanges;
    /** {@link #lookupsSinceLoad} when the cache last had no room for this user, 0 if never refused (under the cache's admission lock). */
    private int admissionRefusedAt;
    private boolean unsortedSnapshot;
    private long generation;
    private long sequence;
    private FileChannel journal;
    private long journalSize;
    private long snapshotSize;
    private JournalSignatureFile signatures;
    private boolean unloaded;
    /** Handed to the compaction thread and not run yet: handed over once, however many messages come meanwhile. */
    private boolean compactionScheduled;

    private JournalUserData(Path directory, JournalDspamStore.Options options) {
        this.directory = directory;
        this.options = options;
    }

    /** Loads the user's directory (creating it if needed): snapshot, then journal replay, then signatures. */
    static JournalUserData open(Path directory, JournalDspamStore.Options options) throws IOException {
        Files.createDirectories(directory);
        JournalUserData data = new JournalUserData(directory, options);
        try {
            data.loadSnapshot();
            data.replayJournal();
            data.signatures = JournalSignatureFile.open(directory.resolve(SIGNATURES), data.sequence);
            if (data.unsortedSnapshot || (data.needsCompaction(1) && !options.compactionInBackground())) {
                // Best effort: the rows are all in memory already, and a failure (an interrupt
                // closing the new snapshot's channel) must not fail the user's message, unless it
                // left no journal to append to.
                data.compactReportingFailure();
                if (data.needsReopen()) {
                    throw new IOException("The journal of " + directory + " could not be restarted after compacting it");
                }
            }
            // Otherwise a long journal replayed (the store was not closed) is handed over by the first call.
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
        return data;
    }

    /** Messages looked up since the user was opened (one batched lookup each). */
    int lookupsSinceLoad() {
        return lookupsSinceLoad;
    }

    /**
     * Whether the cache's search for colder users to drop is worth making for this user again: not
     * before it has been looked up twice as often as when it last found none (colder = looked up
     * less than half as often), so that a user who does not fit costs one search of the open users
     * per doubling instead of one per message.
     */
    boolean worthSearchingRoom() {
        return lookupsSinceLoad >= 2L * admissionRefusedAt;
    }

    void admissionRefused() {
        admissionRefusedAt = lookupsSinceLoad;
    }

    boolean isCached() {
        return cached != null;
    }

    /** Bytes the heap copy of all rows takes or would take, at most (to decide whether it fits the cache). */
    long cacheBytesNeeded() {
        return TokenTable.countersOnlyHeapBytesFor(rowsAtMost());
    }

    /**
     * Copies every row's counters into one table in the heap; returns the bytes it takes. Sized
     * by the exact count of rows: the changed rows that are also in the snapshot would otherwise
     * be room counted twice (up to a quarter of the table, see {@link #needsCompaction}). The
     * copy serves lookups of counters only and keeps no last-hit days (a fifth of its heap): what
     * reads a day (a row asked for alone, a dump, a purge) reads the snapshot and changed rows.
     */
    long cache() {
        long[] changedIds = changes.sortedIds();
        TokenTable all = TokenTable.countersOnly(rowCount(changedIds));
        copyRowsInto(all, changedIds);
        cached = all;
        return all.heapBytes();
    }

    /** How much the heap copy grew since the last call (new rows), for the store's account. */
    long takeCacheGrowth() {
        long growth = cacheGrowth;
        cacheGrowth = 0;
        return growth;
    }

    /** Heap the copy of all rows takes now; 0 when not cached. */
    long cachedBytes() {
        TokenTable copy = cached;
        return copy == null ? 0 : copy.heapBytes();
    }

    /** Drops the heap copy; returns the bytes it took. */
    long uncache() {
        long bytes = cached == null ? 0 : cached.heapBytes();
        cached = null;
        // The store takes the whole copy out of its account: growth not yet taken is part of it
        cacheGrowth = 0;
        return bytes;
    }

    /**
     * How much the heap of the rows changed since the snapshot grew since the last call (less than
     * 0 after a compaction), for the store's account; 0 once unloaded (the store took it out).
     */
    long takeChangesGrowth() {
        if (unloaded) {
            return 0;
        }
        long bytes = changes.heapBytes();
        long growth = bytes - accountedChanges;
        accountedChanges = bytes;
        return growth;
    }

    /** Takes the changed rows out of the store's account (the user is being closed): returns what was in it. */
    long takeChangesAccounted() {
        long bytes = accountedChanges;
        accountedChanges = 0;
        return bytes;
    }

    /** Heap the rows changed since the snapshot take now. */
    long changedRowsBytes() {
        return changes.heapBytes();
    }

    boolean isUnloaded() {
        return unloaded;
    }

    /** Closes the files; the store drops this object and reads the user again from disk when needed. */
    void unload() throws IOException {
        unloaded = true;
        close();
    }

    DspamTotals totals() {
        return totals;
    }

    TokenStatistics token(long id) {
        TokenStatistics changed = changes.get(id);
        if (changed != null) {
            return changed;
        }
        int row = snapshotRows.indexOf(id);
        return row < 0 ? null : snapshotRows.statistics(row);
    }

    TokenRows counters(long[] ids) {
        lookupsSinceLoad = lookupsSinceLoad + 1;
        TokenRows rows = new TokenRows(ids.length);
        if (cached != null) {
            cached.copyCounters(ids, rows);
            return rows;
        }
        // The changed rows win over the snapshot's. Both are read in batches whose memory accesses
        // overlap: one probe after another of tables and files cold in the processor's caches cost a
        // quarter of a message with 10,000 users.
        changes.copyCounters(ids, rows);
        snapshotRows.copyCounters(ids, rows);
        return rows;
    }

    /**
     * The user's rows, exactly: the snapshot's and the changed rows it does not hold (one pass over
     * the sorted changes). Counted when asked rather than kept up to date, because telling a new
     * row from a changed one at every write costs a search of the snapshot per written token.
     */
    int tokenCount() {
        return cached != null ? cached.size() : rowCount(changes.sortedIds());
    }

    /** The snapshot's rows and the changed rows it does not hold, given the changed rows' sorted ids. */
    private int rowCount(long[] changedIds) {
        return snapshotRows.size() + snapshotRows.countAbsent(changedIds);
    }

    /** At least the user's rows (changed rows may also be in the snapshot): for sizing a table. */
    private int rowsAtMost() {
        return cached != null ? cached.size() : snapshotRows.size() + changes.size();
    }

    void forEachToken(DspamStore.TokenVisitor visitor) {
        forEachRow((id, spam, innocent, day) -> visitor.visit(id,
            new TokenStatistics(spam, innocent, LocalDate.ofEpochDay(day))));
    }

    /** Receives a row without building an object for it. */
    private interface RowVisitor {
        void visit(long id, long spamHits, long innocentHits, int lastHitDay);
    }

    /** Every row once: the snapshot's not changed since, then the changed ones. */
    private void forEachRow(RowVisitor visitor) {
        for (int row = 0; row < snapshotRows.size(); row++) {
            long id = snapshotRows.id(row);
            if (changes.counters(id) == TokenTable.ABSENT) {
                visitor.visit(id, snapshotRows.spamHits(row), snapshotRows.innocentHits(row), snapshotRows.lastHitDay(row));
            }
        }
        changes.forEach((id, statistics) -> visitor.visit(id, statistics.spamHits(), statistics.innocentHits(),
            (int) statistics.lastHit().toEpochDay()));
    }

    /**
     * Every row into {@code table}, the rows {@link #forEachRow} visits: the snapshot's, a batch at
     * a time, those not changed since told apart by a walk along {@code changedIds} (the changed
     * rows' ids, sorted as the snapshot is), then the changed rows. The puts into a table far
     * larger than the CPU caches read their slots ahead; row by row, with a lookup in the changed
     * rows for each, a dictionary of 2 M rows took ≈ 300 ms to copy into the heap.
     */
    private void copyRowsInto(TokenTable table, long[] changedIds) {
        int batch = Math.min(COPY_BATCH, snapshotRows.size());
        long[] ids = new long[batch];
        long[] packed = new long[batch];
        int[] days = new int[batch];
        int nextChanged = 0;
        for (int start = 0; start < snapshotRows.size(); start += batch) {
            int end = Math.min(start + batch, snapshotRows.size());
            int kept = 0;
            for (int row = start; row < end; row++) {
                long id = snapshotRows.id(row);
                while (nextChanged < changedIds.length && changedIds[nextChanged] < id) {
                    nextChanged++;
                }
                if (nextChanged < changedIds.length && changedIds[nextChanged] == id) {
                    continue;
                }
                ids[kept] = id;
                packed[kept] = TokenTable.pack(snapshotRows.spamHits(row), snapshotRows.innocentHits(row));
                days[kept] = snapshotRows.lastHitDay(row);
                kept++;
            }
            table.putAll(ids, packed, days, kept);
        }
        table.putAll(changes);
    }

    JournalSignatureFile signatures() {
        return signatures;
    }

    /** Makes one message durable (signature, then the journal record as the commit), then shows it in memory. */
    void apply(MessageUpdate update) throws IOException {
        if (journal == null) {
            throw new IOException("The journal of " + directory + " could not be restarted after a compaction;"
                + " reopen the store");
        }
        // Room first: running out of memory must fail the message before it is committed.
        changes.reserve(update.tokens().size());
        TokenTable cache = cached;
        if (cache != null) {
            // Growing here is growth of the heap copy as much as a put's: the store's account of
            // the cache must see it, or the copies outgrow their budget unnoticed.
            long before = cache.heapBytes();
            cache.reserve(update.tokens().size());
            cacheGrowth += cache.heapBytes() - before;
        }
        long next = sequence + 1;
        JournalSignatureFile.Appended signature = null;
        if (update.signature().isPresent()) {
            signature = signatures.append(update.signature().get(), next);
        }
        ByteBuffer record = journalRecord(next, update);
        long before = journalSize;
        try {
            JournalFormat.writeFully(journal, record, before);
            if (options.syncEveryMessage()) {
                if (signature != null) {
                    signatures.force();
                }
                journal.force(false);
            }
        } catch (IOException e) {
            undo(before, signature, e);
            throw e;
        }
        journalSize = before + record.limit();
        sequence = next;
        applyInMemory(update.totals(), update.tokens(), (int) update.today().toEpochDay());
        if (signature != null) {
            signatures.publish(signature);
        }
        if (needsCompaction(options.compactionInBackground() ? BACKGROUND_LAG_FACTOR : 1)) {
            compactReportingFailure();
        }
    }

    /**
     * Whether, with compactions in the background, the user is past its limits and not yet handed
     * to the compaction thread; if so, it counts as handed over from now on (the store hands it
     * over at once).
     */
    boolean takeCompactionRequest() {
        if (!options.compactionInBackground() || compactionScheduled || !needsCompaction(1)) {
            return false;
        }
        compactionScheduled = true;
        return true;
    }

    /** The compaction handed over will not run (the store is closing, or the user was closed). */
    void compactionDropped() {
        compactionScheduled = false;
    }

    /** The compaction thread's turn: compacts unless a message's own thread did it meanwhile. */
    void compactIfWanted() {
        compactionScheduled = false;
        if (needsCompaction(1)) {
            compactReportingFailure();
        }
    }

    private void compactReportingFailure() {
        try {
            compact();
        } catch (IOException | UncheckedIOException e) {
            // The message is committed; a failed compaction only leaves a longer journal (or,
            // if it failed to restart the journal, a user the store reopens: needsReopen()).
            LOGGER.warn("Compaction failed in {}; the journal keeps growing", directory, e);
        }
    }

    /**
     * Takes back what a failed commit wrote: the journal's torn tail and the message's signature.
     * A channel an interrupt closed cannot be truncated; its torn record is then left for the
     * next open to drop (as after a crash), and the store reopens the user (see {@link #needsReopen}).
     */
    private void undo(long journalSizeBefore, JournalSignatureFile.Appended signature, IOException failure) {
        if (!journal.isOpen()) {
            // The record may be whole on disk (NIO closes the channel even after a write that
            // completed): only the next open can tell, and the signature must stay for it to keep.
            return;
        }
        try {
            journal.truncate(journalSizeBefore);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
        if (signature != null) {
            try {
                signatures.rollBack(signature);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Forces the journal and the signatures to the disk (a commit found whole on reopening). */
    void force() throws IOException {
        if (needsReopen()) {
            throw new IOException("The files of " + directory + " were closed; nothing could be forced to the disk");
        }
        signatures.force();
        journal.force(false);
    }

    /** The sequence number of the last committed message (the next commit's minus one). */
    long sequence() {
        return sequence;
    }

    /**
     * Whether one of this user's files is no longer usable through this object: a channel was
     * closed under it (an interrupt of a thread doing I/O on it closes it for every thread), or
     * a compaction could not start the new journal. Only reading the files again mends it.
     */
    boolean needsReopen() {
        return journal == null || !journal.isOpen() || signatures == null || !signatures.isOpen();
    }

    /**
     * Whether the user is {@code factor} times past a compaction limit: the journal larger than
     * both {@link JournalDspamStore.Options#minimumJournalBytesBeforeCompaction()} and the
     * snapshot, or the rows changed since the snapshot more than a quarter of it (at least
     * {@link #MINIMUM_CHANGES_BEFORE_COMPACTION}). The changed rows are the part of an open user
     * that sits in the heap whether or not it is cached, and in process mode every message
     * rewrites its tokens' rows (last hit); compacting then rewrites at most five rows per changed one.
     */
    private boolean needsCompaction(int factor) {
        return journalSize > factor * Math.max(options.minimumJournalBytesBeforeCompaction(), snapshotSize)
            || changes.size() > (long) factor * Math.max(MINIMUM_CHANGES_BEFORE_COMPACTION, snapshotRows.size() / 4);
    }

    private void applyInMemory(DspamTotals newTotals, List<TokenUpdate> updates, int day) {
        totals = newTotals;
        changes.putAll(updates, day);
        if (cached != null) {
            long before = cached.heapBytes();
            cached.putAll(updates, day);
            cacheGrowth += cached.heapBytes() - before;
        }
    }

    private static ByteBuffer journalRecord(long sequence, MessageUpdate update) {
        List<TokenUpdate> updates = update.tokens();
        ByteBuffer buffer = ByteBuffer.allocate(JournalFormat.FRAME_HEADER + JOURNAL_RECORD_HEADER
            + updates.size() * JOURNAL_ROW);
        buffer.position(JournalFormat.FRAME_HEADER);
        buffer.putLong(sequence).putInt((int) update.today().toEpochDay());
        for (long total : update.totals().asArray()) {
            buffer.putLong(total);
        }
        buffer.putInt(updates.size());
        for (TokenUpdate token : updates) {
            buffer.putLong(token.tokenId())
                .putInt(JournalFormat.clampCounter(token.spamHits()))
                .putInt(JournalFormat.clampCounter(token.innocentHits()));
        }
        return JournalFormat.frame(buffer);
    }

    private void loadSnapshot() throws IOException {
        Path file = directory.resolve(SNAPSHOT);
        if (!Files.exists(file)) {
            return;
        }
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE) {
            throw new IOException("Snapshot too large: " + file);
        }
        ByteBuffer buffer = MappedSnapshot.mapFile(file);
        long magic = size < SNAPSHOT_HEADER + 4 ? 0 : buffer.getLong();
        if (magic != JournalFormat.SNAPSHOT_MAGIC && magic != JournalFormat.UNSORTED_SNAPSHOT_MAGIC) {
            throw new IOException("Not a snapshot of this store: " + file);
        }
        int stored = buffer.getInt((int) size - 4);
        if (JournalFormat.crc(buffer, 0, (int) size - 4) != stored) {
            throw new IOException("Snapshot checksum mismatch (the file was damaged outside the store): " + file);
        }
        generation = buffer.getLong();
        sequence = buffer.getLong();
        totals = readTotals(buffer);
        long rows = buffer.getLong();
        if (rows < 0 || rows * SNAPSHOT_ROW != size - 4 - SNAPSHOT_HEADER) {
            throw new IOException("Snapshot row count does not match its size: " + file);
        }
        MappedSnapshot mapped = MappedSnapshot.of(buffer, SNAPSHOT_HEADER, (int) rows);
        if (magic == JournalFormat.UNSORTED_SNAPSHOT_MAGIC) {
            // The first format: its rows cannot be searched in place; open() rewrites it sorted.
            unsortedSnapshot = true;
            changes = new TokenTable((int) rows);
            for (int row = 0; row < rows; row++) {
                changes.put(mapped.id(row), mapped.spamHits(row), mapped.innocentHits(row), mapped.lastHitDay(row));
            }
        } else {
            snapshotRows = mapped;
        }
        snapshotSize = size;
    }

    private static DspamTotals readTotals(ByteBuffer buffer) {
        long[] values = new long[JournalFormat.TOTALS_COUNT];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getLong();
        }
        return new DspamTotals(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
    }

    private void replayJournal() throws IOException {
        Path file = directory.resolve(JOURNAL);
        if (!Files.exists(file)) {
            startJournal();
            return;
        }
        journal = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long fileSize = journal.size();
        ByteBuffer header = JournalFormat.readAt(journal, 0, JournalFormat.FILE_HEADER);
        if (header == null || header.getLong() != JournalFormat.JOURNAL_MAGIC) {
            if (fileSize > JournalFormat.FILE_HEADER) {
                throw new IOException("Not a journal of this store: " + file);
            }
            // Its creation was cut short; it held no record.
            journal.close();
            startJournal();
            return;
        }
        long journalGeneration = header.getLong();
        if (journalGeneration != generation) {
            // Left over from a compaction that was cut short after the snapshot was in place.
            LOGGER.info("Discarding journal of generation {} already contained in snapshot generation {} in {}",
                journalGeneration, generation, directory);
            journal.close();
            startJournal();
            return;
        }
        long position = JournalFormat.FILE_HEADER;
        long replayed = 0;
        JournalFormat.SequentialRecords records = new JournalFormat.SequentialRecords(journal, fileSize);
        while (true) {
            ByteBuffer payload = records.recordAt(position);
            if (payload == null) {
                break;
            }
            replay(payload);
            replayed++;
            position += JournalFormat.FRAME_HEADER + payload.limit();
        }
        if (position < fileSize) {
            LOGGER.warn("Dropping {} bytes of an unfinished journal record (the store was not closed) in {}",
                fileSize - position, directory);
            journal.truncate(position);
        }
        LOGGER.debug("Replayed {} journal records in {}", replayed, directory);
        journalSize = position;
    }

    private void replay(ByteBuffer payload) throws IOException {
        long recordSequence = payload.getLong();
        int day = payload.getInt();
        DspamTotals recordTotals = readTotals(payload);
        int count = payload.getInt();
        if (count < 0 || payload.remaining() != (long) count * JOURNAL_ROW) {
            throw new IOException("Journal record " + recordSequence + " is malformed in " + directory);
        }
        if (recordSequence <= sequence) {
            return;
        }
        totals = recordTotals;
        long[] ids = new long[count];
        long[] packed = new long[count];
        int[] days = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = payload.getLong();
            packed[i] = TokenTable.pack(payload.getInt(), payload.getInt());
            days[i] = day;
        }
        // Opening, so there is no heap copy to write to; the rows go in with their slots read ahead
        changes.putAll(ids, packed, days, count);
        sequence = recordSequence;
    }

    private void startJournal() throws IOException {
        Path file = directory.resolve(JOURNAL);
        Path temporary = directory.resolve(JOURNAL + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            JournalFormat.writeFully(out, JournalFormat.fileHeader(JournalFormat.JOURNAL_MAGIC, generation), 0);
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        journal = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        journalSize = JournalFormat.FILE_HEADER;
    }

    /** Writes every row into a new snapshot and empties the journal. */
    void compact() throws IOException {
        writeSnapshot(snapshotRows, changes);
    }

    /**
     * Writes a snapshot of the rows of {@code base} and {@code overlay} (which wins), sorted by id,
     * maps it as the user's snapshot and starts an empty journal.
     */
    private void writeSnapshot(MappedSnapshot base, TokenTable overlay) throws IOException {
        long[] overlayIds = overlay.sortedIds();
        int rowCount = base.size() + base.countAbsent(overlayIds);
        long nextGeneration = generation + 1;
        Path file = directory.resolve(SNAPSHOT);
        Path temporary = directory.resolve(SNAPSHOT + ".tmp");
        long size = (long) SNAPSHOT_HEADER + (long) rowCount * SNAPSHOT_ROW + 4;
        MappedSnapshot.DirectoryBuilder directoryOfRows = new MappedSnapshot.DirectoryBuilder(rowCount);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            SnapshotWriter writer = new SnapshotWriter(out, directoryOfRows);
            ByteBuffer header = ByteBuffer.allocate(SNAPSHOT_HEADER);
            header.putLong(JournalFormat.SNAPSHOT_MAGIC).putLong(nextGeneration).putLong(sequence);
            for (long total : totals.asArray()) {
                header.putLong(total);
            }
            header.putLong(rowCount).flip();
            writer.write(header);
            long written = writeMerged(writer, base, overlay, overlayIds);
            if (written != rowCount) {
                throw new IllegalStateException("Snapshot of " + directory + " has " + written + " rows, not " + rowCount);
            }
            writer.finish();
            out.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // From here the old journal is obsolete: appending to it would be lost at the next open. It
        // goes before anything else can fail (mapping the snapshot, starting the journal: an
        // interrupt fails both), so a failure leaves no journal, which makes the store reopen the user.
        FileChannel obsolete = journal;
        journal = null;
        if (obsolete != null) {
            obsolete.close();
        }
        generation = nextGeneration;
        snapshotSize = size;
        snapshotRows = MappedSnapshot.of(MappedSnapshot.mapFile(file), SNAPSHOT_HEADER, rowCount, directoryOfRows);
        changes = new TokenTable();
        unsortedSnapshot = false;
        startJournal();
    }

    /** Merges the sorted rows of {@code base} with {@code overlay}'s, which win; returns how many were written. */
    private static long writeMerged(SnapshotWriter writer, MappedSnapshot base, TokenTable overlay, long[] overlayIds) {
        SortedChanges changed = new SortedChanges(overlay, overlayIds);
        int next = 0;
        long written = 0;
        for (int row = 0; row < base.size(); row++) {
            long id = base.id(row);
            while (next < overlayIds.length && overlayIds[next] < id) {
                changed.write(next++, writer);
                written++;
            }
            if (next < overlayIds.length && overlayIds[next] == id) {
                changed.write(next++, writer);
            } else {
                writer.row(id, base.spamHits(row), base.innocentHits(row), base.lastHitDay(row));
            }
            written++;
        }
        while (next < overlayIds.length) {
            changed.write(next++, writer);
            written++;
        }
        return written;
    }

    /** Rows of a table in id order, written in that order: their values are read from the table a batch ahead. */
    private static final class SortedChanges {
        private final TokenTable table;
        private final long[] ids;
        private final long[] packed;
        private final int[] days;
        private int start;
        private int end;

        SortedChanges(TokenTable table, long[] sortedIds) {
            this.table = table;
            this.ids = sortedIds;
            int batch = Math.min(COPY_BATCH, sortedIds.length);
            this.packed = new long[batch];
            this.days = new int[batch];
        }

        /** Writes the row of {@code ids[index]}; indexes come in ascending order. */
        void write(int index, SnapshotWriter writer) {
            if (index >= end) {
                start = index;
                end = Math.min(ids.length, index + packed.length);
                table.rows(ids, start, end, packed, days);
            }
            long counters = packed[index - start];
            writer.row(ids[index], JournalFormat.clampCounter(TokenTable.spamHits(counters)),
                JournalFormat.clampCounter(TokenTable.innocentHits(counters)), days[index - start]);
        }
    }

    /** Streams the snapshot through one buffer, computing its checksum and the snapshot's directory on the way. */
    private static final class SnapshotWriter {
        private final FileChannel out;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        private final CRC32C crc = new CRC32C();
        private final MappedSnapshot.DirectoryBuilder directory;

        SnapshotWriter(FileChannel out, MappedSnapshot.DirectoryBuilder directory) {
            this.out = out;
            this.directory = directory;
        }

        void write(ByteBuffer bytes) {
            while (bytes.hasRemaining()) {
                if (!buffer.hasRemaining()) {
                    flush();
                }
                int n = Math.min(buffer.remaining(), bytes.remaining());
                ByteBuffer slice = bytes.duplicate();
                slice.limit(slice.position() + n);
                buffer.put(slice);
                bytes.position(bytes.position() + n);
            }
        }

        void row(long id, int spamHits, int innocentHits, int lastHitDay) {
            if (buffer.remaining() < SNAPSHOT_ROW) {
                flush();
            }
            buffer.putLong(id).putInt(spamHits).putInt(innocentHits).putInt(lastHitDay);
            directory.add(id);
        }

        void finish() {
            flush();
            ByteBuffer trailer = ByteBuffer.allocate(4);
            trailer.putInt((int) crc.getValue()).flip();
            writeOut(trailer);
        }

        private void flush() {
            buffer.flip();
            crc.update(buffer.duplicate());
            writeOut(buffer);
            buffer.clear();
        }

        private void writeOut(ByteBuffer bytes) {
            try {
                JournalFormat.writeFully(out, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Removes the rows the filter selects and writes a snapshot of the rest at once (a journal
     * cannot express a deletion). Every row passes through the heap: purges are rare. A heap copy
     * of the rows is made again from the new snapshot (it keeps no days, which the filter reads).
     */
    long purgeTokens(DspamStore.TokenFilter filter) throws IOException {
        TokenTable all = new TokenTable(rowsAtMost());
        copyRowsInto(all, changes.sortedIds());
        long removed = all.removeIf(filter);
        if (removed > 0) {
            writeSnapshot(MappedSnapshot.EMPTY, all);
            if (cached != null) {
                long before = cached.heapBytes();
                cache();
                cacheGrowth += cached.heapBytes() - before;
            }
        }
        return removed;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (AutoCloseable closeable : new AutoCloseable[] {journal, signatures}) {
            if (closeable == null) {
                continue;
            }
            try {
                closeable.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof IOException ? (IOException) e : new IOException(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
