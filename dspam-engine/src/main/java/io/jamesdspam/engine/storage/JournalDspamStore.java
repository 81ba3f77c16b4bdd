package io.jamesdspam.engine.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.engine.concurrent.DaemonThreads;
import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * The embedded persistent {@link DspamStore}: no server, one directory, exclusive to one process
 * (like DSPAM's hash driver, docs/ENGINE-SPEC.md §10.7, it writes the absolute counters the engine
 * computed).
 *
 * <p>A user's files are opened on first use (the least recently used beyond
 * {@link Options#maximumLoadedUsers()} closed again): the snapshot is mapped and searched in
 * place, so opening a user costs no more than reading its snapshot once, and a dictionary takes
 * page cache rather than heap. Users mailed again while open get all their rows copied into one
 * table in the heap, the fastest lookup, as long as these copies fit in
 * {@link Options#dictionaryCacheBytes()} (least recently used dropped first). Every {@link #apply} appends one checksummed record with the message's new values to
 * the user's journal before it returns; that write is the commit, so a {@code kill -9} at any
 * point loses no acknowledged message and can leave at most one torn record, which the next open
 * drops. The journal is folded into a snapshot when it outgrows it (see {@link JournalUserData}),
 * by default on the store's compaction thread after the message returned.
 * By default records reach the operating system, which survives the death of the process; with
 * {@link Options#syncEveryMessage()} each commit is also forced to the disk, which survives a
 * power loss at the price of one {@code fsync} per message.
 *
 * <p>Why a journal of its own rather than a library such as H2's MVStore: DSPAM writes a few hundred
 * random tokens per message and an acknowledged message must be durable, so a B-tree store has to
 * commit once per message and rewrites every touched page each time, while the journal appends one
 * record of 16 bytes per token. {@code benchmarks/…/StoreBenchmark} measures both against the
 * in-memory store.
 *
 * <p>Layout: {@code DIR/store.lock}, {@code DIR/default.prefs} (the system default preferences),
 * {@code DIR/users/<encoded user>/{tokens.snapshot, journal, signatures, signatures.index, preferences}}; the
 * preference files have DSPAM's {@code .prefs} format; while one user is merged into another,
 * {@code DIR/merging} and {@code DIR/merge.intent} ({@link JournalMerge}). Calls for different users run in parallel; calls for one user are serialised.
 */
public final class JournalDspamStore implements DspamStore, PreferenceStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(JournalDspamStore.class);
    /** At most one warning in this time that a user's changed rows alone pass their budget: it holds for every call of that user. */
    private static final Duration LONE_USER_WARNING_INTERVAL = Duration.ofMinutes(10);
    private static final String USERS = "users";
    private static final String LOCK = "store.lock";
    /**
     * Messages looked up since opening after which a user's dictionary may be copied into the heap
     * cache: from the second message while open, so that a user mailed once takes no heap.
     */
    private static final int CACHE_AFTER_LOOKUPS = 2;
    private static final String PREFERENCES = "preferences";
    private static final String DEFAULT_PREFERENCES = "default.prefs";
    /** Where a deleted user's directory goes before its files are deleted; emptied at each open. */
    private static final String DISCARDED = "discarded";

    private final Path directory;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ConcurrentHashMap<DspamUser, JournalUserData> loaded = new ConcurrentHashMap<>();
    private final UseOrder<JournalUserData> useOrder = new UseOrder<>();
    private final AtomicLong filesReadAgain = new AtomicLong();
    private final AtomicLong cachedBytes = new AtomicLong();
    /** The heap of the open users' changed rows, as they last reported it ({@link JournalUserData#takeChangesGrowth}). */
    private final AtomicLong changedBytes = new AtomicLong();
    /** When one user alone last held more changed rows than their budget was logged ({@link System#nanoTime}), if ever. */
    private final AtomicLong loneUserOverBudgetLogged = new AtomicLong(System.nanoTime() - LONE_USER_WARNING_INTERVAL.toNanos());
    private final Object cacheAdmission = new Object();
    /** Preferences are read for every message and change rarely: kept once read, replaced on write. */
    private final ConcurrentHashMap<DspamUser, Preferences> preferences = new ConcurrentHashMap<>();
    private volatile Preferences defaultPreferences;
    /**
     * Opening a user's files, and reading or writing its preference file, take the read lock;
     * {@link #renameUser} takes the write lock, so that nothing opens files of a user directory
     * that is being renamed (a user opened just before the rename would write into the other
     * user's directory). Calls on users already open take neither.
     */
    private final ReentrantReadWriteLock directoryNames = new ReentrantReadWriteLock();
    /** The users of a merge whose files could not all be put in place: unusable until the next open finishes it. */
    private volatile Set<DspamUser> unfinishedMerge = Set.of();
    /** One thread for the compactions messages hand over (see {@link Options#withCompactionInBackground}); idle, it ends. */
    private final ThreadPoolExecutor compactions = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES,
        new LinkedBlockingQueue<>(), DaemonThreads.named("dspam-journal-compaction-"));
    private volatile boolean closed;

    /** Durability and compaction settings. */
    public static final class Options {
        private static final long DEFAULT_MINIMUM_JOURNAL = 16L * 1024 * 1024;
        private static final int DEFAULT_MAXIMUM_LOADED_USERS = 1000;
        private static final long DEFAULT_DICTIONARY_CACHE = 128L * 1024 * 1024;
        private final boolean syncEveryMessage;
        private final long minimumJournalBytesBeforeCompaction;
        private final int maximumLoadedUsers;
        private final long dictionaryCacheBytes;
        private final boolean compactionInBackground;
        private final long changedRowsBytes;

        private Options(boolean syncEveryMessage, long minimumJournalBytesBeforeCompaction, int maximumLoadedUsers,
                        long dictionaryCacheBytes, boolean compactionInBackground, long changedRowsBytes) {
            this.syncEveryMessage = syncEveryMessage;
            this.minimumJournalBytesBeforeCompaction = minimumJournalBytesBeforeCompaction;
            this.maximumLoadedUsers = maximumLoadedUsers;
            this.dictionaryCacheBytes = dictionaryCacheBytes;
            this.compactionInBackground = compactionInBackground;
            this.changedRowsBytes = changedRowsBytes;
        }

        /**
         * Commits survive the death of the process; the journal is compacted once it passes 16 MB
         * and the snapshot's size; at most 1,000 users open (two files each) and 128 MB of heap
         * for the dictionaries of the busiest ones (the users benchmark measured these to keep
         * 10,000 users inside a 512 MB heap); compactions in the background; a third of the heap
         * for the rows open users changed since their snapshots.
         */
        public static Options defaults() {
            return new Options(false, DEFAULT_MINIMUM_JOURNAL, DEFAULT_MAXIMUM_LOADED_USERS, DEFAULT_DICTIONARY_CACHE,
                true, Runtime.getRuntime().maxMemory() / 3);
        }

        /** Also force every commit to the disk, so that it survives a power loss. */
        public Options withSyncEveryMessage(boolean sync) {
            return new Options(sync, minimumJournalBytesBeforeCompaction, maximumLoadedUsers, dictionaryCacheBytes,
                compactionInBackground, changedRowsBytes);
        }

        /**
         * How many users stay open (their journal and signature files, the index of their
         * signatures, the rows changed since their snapshot); the least recently used one beyond
         * that is closed and opened again from its files when next needed.
         */
        public Options withMaximumLoadedUsers(int users) {
            if (users < 1) {
                throw new IllegalArgumentException("maximum loaded users must be at least 1: " + users);
            }
            return new Options(syncEveryMessage, minimumJournalBytesBeforeCompaction, users, dictionaryCacheBytes,
                compactionInBackground, changedRowsBytes);
        }

        public int maximumLoadedUsers() {
            return maximumLoadedUsers;
        }

        /**
         * Heap for copies of open users' dictionaries in one hash table each (a hash lookup instead
         * of a search of the mapped snapshot); 0 keeps every dictionary in its mapped snapshot.
         */
        public Options withDictionaryCacheBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("dictionary cache size must not be negative: " + bytes);
            }
            return new Options(syncEveryMessage, minimumJournalBytesBeforeCompaction, maximumLoadedUsers, bytes,
                compactionInBackground, changedRowsBytes);
        }

        public long dictionaryCacheBytes() {
            return dictionaryCacheBytes;
        }

        /**
         * Heap for the rows the open users changed since their snapshots (kept until a compaction
         * writes them into the snapshot, up to a quarter of a user's rows): past it, the least
         * recently used users are closed as beyond {@link #withMaximumLoadedUsers}, the user in use
         * staying open. The count of open users alone does not bound it: users that learnt a lot
         * since their last compaction hold hundreds of KB each.
         */
        public Options withChangedRowsBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("changed rows size must not be negative: " + bytes);
            }
            return new Options(syncEveryMessage, minimumJournalBytesBeforeCompaction, maximumLoadedUsers,
                dictionaryCacheBytes, compactionInBackground, bytes);
        }

        public long changedRowsBytes() {
            return changedRowsBytes;
        }

        /** The journal is compacted when it is larger than both this and the snapshot. */
        public Options withMinimumJournalBytesBeforeCompaction(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("minimum journal size must not be negative: " + bytes);
            }
            return new Options(syncEveryMessage, bytes, maximumLoadedUsers, dictionaryCacheBytes, compactionInBackground,
                changedRowsBytes);
        }

        public boolean syncEveryMessage() {
            return syncEveryMessage;
        }

        /**
         * Whether a message that takes a user past its compaction limits leaves the compaction to
         * the store's own thread ({@code dspam-journal-compaction-<n>}) and returns as soon as its
         * journal record is written (the default), or compacts before it returns. The message is
         * committed either way; in the background the journal and the changed rows held in the heap
         * may grow to twice the limits before a message's own thread steps in (see
         * {@link JournalUserData#BACKGROUND_LAG_FACTOR}). A compaction rewrites the whole snapshot:
         * with 10,000 users it took a third of the time of the messages that triggered it.
         */
        public Options withCompactionInBackground(boolean inBackground) {
            return new Options(syncEveryMessage, minimumJournalBytesBeforeCompaction, maximumLoadedUsers,
                dictionaryCacheBytes, inBackground, changedRowsBytes);
        }

        public boolean compactionInBackground() {
            return compactionInBackground;
        }

        public long minimumJournalBytesBeforeCompaction() {
            return minimumJournalBytesBeforeCompaction;
        }
    }

    private JournalDspamStore(Path directory, Options options, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.compactions.allowCoreThreadTimeOut(true);
    }

    /** Opens (creating if needed) the store in {@code directory} with the default options. */
    public static JournalDspamStore open(Path directory) {
        return open(directory, Options.defaults());
    }

    /**
     * Opens (creating if needed) the store in {@code directory}. Fails if another process (or this
     * one) has it open: two writers would overwrite each other's journals.
     */
    public static JournalDspamStore open(Path directory, Options options) {
        FileChannel channel = null;
        try {
            Files.createDirectories(directory.resolve(USERS));
            channel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StoreInUseException("The DSPAM store " + directory + " is in use by another process");
            }
            JournalMerge.finishAtOpen(directory).ifPresent(merge -> LOGGER.info("Finished merging the user directory {}"
                + " into {} in {}: its intent was written before the store was last closed", merge.sourceName(),
                merge.targetName(), directory));
            FileTrees.delete(directory.resolve(DISCARDED));
            return new JournalDspamStore(directory, options, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StoreInUseException("The DSPAM store " + directory + " is already open in this process", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DspamStoreException("Cannot open the DSPAM store " + directory + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the first error is the one reported.
            }
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public DspamTotals totals(DspamUser user) {
        return read(user, JournalUserData::totals, DspamTotals.EMPTY);
    }

    @Override
    public Map<Long, TokenStatistics> tokens(DspamUser user, Collection<Long> tokenIds) {
        return read(user, data -> {
            Map<Long, TokenStatistics> found = new HashMap<>(tokenIds.size() * 2);
            for (Long id : tokenIds) {
                TokenStatistics statistics = data.token(id);
                if (statistics != null) {
                    found.put(id, statistics);
                }
            }
            return found;
        }, Map.of());
    }

    @Override
    public TokenRows load(DspamUser user, long[] tokenIds) {
        TokenRows rows = read(user, data -> data.counters(tokenIds), null);
        return rows != null ? rows : new TokenRows(tokenIds.length);
    }

    @Override
    public void apply(DspamUser user, MessageUpdate update) {
        if (update.isEmpty()) {
            return;
        }
        withUser(user, true, null, Retry.UNLESS_COMMITTED, data -> {
            try {
                data.apply(update);
            } catch (IOException e) {
                throw new DspamStoreException("Cannot write the message of " + user + " to " + directory
                    + (data.needsReopen() ? " (its files were closed under it; whether it was committed is known"
                        + " when they are read again)" : " (nothing of it was applied)") + ": " + e.getMessage(), e);
            }
            return null;
        });
    }

    @Override
    public Optional<StoredSignature> signature(DspamUser user, String signatureId) {
        return read(user, data -> fromSignatures(data, signatures -> signatures.read(signatureId),
            () -> "read signature " + signatureId + " of " + user), Optional.empty());
    }

    @Override
    public void forEachSignature(DspamUser user, Consumer<StoredSignature> visitor) {
        read(user, data -> fromSignatures(data, signatures -> {
            signatures.forEachSignature(visitor);
            return null;
        }, () -> "read the signatures of " + user), null);
    }

    @Override
    public boolean hasSignature(DspamUser user, String signatureId) {
        return read(user, data -> fromSignatures(data, signatures -> signatures.contains(signatureId),
            () -> "look up signature " + signatureId + " of " + user), false);
    }

    /** Reads from a user's signature file (its index may read ids back from it). */
    private interface SignatureRead<T> {
        T read(JournalSignatureFile signatures) throws IOException;
    }

    /** {@code what} is only spelled out on failure: a lookup is made for every new signature. */
    private static <T> T fromSignatures(JournalUserData data, SignatureRead<T> read, Supplier<String> what) {
        try {
            return read.read(data.signatures());
        } catch (IOException e) {
            throw new DspamStoreException("Cannot " + what.get() + ": " + e.getMessage(), e);
        }
    }

    /** How many times a user's files were read again because a channel was closed under a call (interrupts). */
    public long filesReadAgain() {
        return filesReadAgain.get();
    }

    /** Heap the cached dictionaries take now (at most {@link Options#dictionaryCacheBytes()}). */
    public long dictionaryCacheBytesUsed() {
        return cachedBytes.get();
    }

    @Override
    public long signatureCount(DspamUser user) {
        return read(user, data -> (long) data.signatures().count(), 0L);
    }

    @Override
    public List<DspamUser> users() {
        ensureOpen();
        List<DspamUser> users = new ArrayList<>();
        try (Stream<Path> children = Files.list(directory.resolve(USERS))) {
            children.filter(Files::isDirectory)
                .map(JournalUserNames::userOf)
                .flatMap(Optional::stream)
                .forEach(users::add);
        } catch (IOException e) {
            throw new DspamStoreException("Cannot list the users of " + directory + ": " + e.getMessage(), e);
        }
        users.sort(Comparator.comparing(DspamUser::asString));
        return users;
    }

    @Override
    public void forEachToken(DspamUser user, TokenVisitor visitor) {
        read(user, data -> {
            data.forEachToken(visitor);
            return null;
        }, null);
    }

    @Override
    public long tokenCount(DspamUser user) {
        return read(user, data -> (long) data.tokenCount(), 0L);
    }

    @Override
    public long purgeSignatures(DspamUser user, LocalDate createdBefore) {
        return write(user, data -> data.signatures().purge(createdBefore));
    }

    @Override
    public long purgeTokens(DspamUser user, TokenFilter filter) {
        return write(user, data -> data.purgeTokens(filter));
    }

    @Override
    public Preferences preferences(DspamUser user) {
        ensureOpen();
        Preferences known = preferences.get(user);
        if (known != null) {
            return known;
        }
        return underDirectoryNames(() -> preferences.computeIfAbsent(user, u -> PreferenceFile.read(preferenceFile(u))));
    }

    @Override
    public void storePreference(DspamUser user, String name, String value) {
        changePreferences(user, current -> current.with(name, value));
    }

    @Override
    public boolean deletePreference(DspamUser user, String name) {
        return preferences(user).contains(name) && changePreferences(user, current -> current.without(name));
    }

    @Override
    public Preferences defaultPreferences() {
        ensureOpen();
        Preferences defaults = defaultPreferences;
        if (defaults == null) {
            defaults = PreferenceFile.read(directory.resolve(DEFAULT_PREFERENCES));
            defaultPreferences = defaults;
        }
        return defaults;
    }

    @Override
    public synchronized void storeDefaultPreference(String name, String value) {
        Preferences changed = defaultPreferences().with(name, value);
        PreferenceFile.write(directory.resolve(DEFAULT_PREFERENCES), changed);
        defaultPreferences = changed;
    }

    @Override
    public synchronized boolean deleteDefaultPreference(String name) {
        if (!defaultPreferences().contains(name)) {
            return false;
        }
        storeDefaultPreference(name, "");
        return true;
    }

    private synchronized boolean changePreferences(DspamUser user, UnaryOperator<Preferences> change) {
        return underDirectoryNames(() -> {
            Preferences changed = change.apply(preferences(user));
            PreferenceFile.write(preferenceFile(user), changed);
            preferences.put(user, changed);
            return true;
        });
    }

    /** Runs {@code work} on user directories whose names no {@link #renameUser} changes meanwhile. */
    private <T> T underDirectoryNames(Supplier<T> work) {
        Lock reading = directoryNames.readLock();
        reading.lock();
        try {
            return work.get();
        } finally {
            reading.unlock();
        }
    }

    /**
     * Renames the directory of {@code from}, when {@code to} has none: every file moves at once,
     * and a failure leaves both users as they were. Both users are closed first (their next call
     * opens them again from their directory); calls of other users go on.
     */
    @Override
    public boolean renameUser(DspamUser from, DspamUser to) {
        ensureOpen();
        Path source = userDirectory(from);
        Path target = userDirectory(to);
        Lock renaming = closedUnderDirectoryNames(from, to);
        try {
            ensureOpen();
            if (!Files.isDirectory(source) || Files.exists(target) || !unfinishedMerge.isEmpty()) {
                return false;
            }
            preferences.remove(from);
            preferences.remove(to);
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DspamStoreException("Cannot rename the data of " + from + " to " + to + " in " + directory + ": "
                + e.getMessage(), e);
        } finally {
            renaming.unlock();
        }
        try {
            JournalUserNames.renamed(target, to);
        } catch (IOException e) {
            // Moved all the same: only the listing of a long name waits for the user's next call
            LOGGER.warn("Moved the data of {} to {}, but could not write its name file in {}: {}", from, to, target,
                e.getMessage());
        }
        return true;
    }

    /**
     * Adds {@code from} to {@code to} ({@link JournalMerge}): a copy of {@code to} with {@code from}
     * added is built beside the store, then takes {@code to}'s place while {@code from}'s directory
     * goes, committed by one intent file. A failure before the commit leaves both users as they
     * were; a crash after it is finished by the next open. Copies both users' rows (the one-step
     * {@link #renameUser} copies none).
     */
    @Override
    public OptionalLong mergeUser(DspamUser from, DspamUser to) {
        return commitMerge(from, to, stageMerge(from, to));
    }

    /** Puts the merged user {@link #stageMerge} built in place of both users' directories. */
    OptionalLong commitMerge(DspamUser from, DspamUser to, JournalMerge merge) {
        Lock renaming = closedUnderDirectoryNames(from, to);
        try {
            ensureOpen();
            preferences.remove(from);
            preferences.remove(to);
            merge.writeIntent();
        } catch (IOException | RuntimeException e) {
            renaming.unlock();
            discardQuietly(merge);
            throw new DspamStoreException("Cannot merge " + from + " into " + to + " in " + directory + " (both are left"
                + " as they were): " + e.getMessage(), e);
        }
        try {
            finishRenames(merge);
        } catch (IOException e) {
            // Committed: neither user may open files until the next open has finished the renames
            unfinishedMerge = Set.of(from, to);
            throw new MoveUnfinishedException("The merge of " + from + " into " + to + " is committed but its files are"
                + " not all in place (" + e.getMessage() + "): restart to finish it; until then neither user can be used", e);
        } finally {
            renaming.unlock();
        }
        discardQuietly(merge);
        return OptionalLong.of(merge.signaturesAdded());
    }

    /** The renames of a committed merge, tried a second time if the first fails (each is made once). */
    private void finishRenames(JournalMerge merge) throws IOException {
        try {
            merge.rollForward();
        } catch (IOException first) {
            LOGGER.warn("Renaming the files of a committed merge in {} failed ({}); trying again", directory, first.getMessage());
            merge.rollForward();
        }
    }

    /** Builds the merged user in the staging directory; nothing of the store's own users changes. */
    JournalMerge stageMerge(DspamUser from, DspamUser to) {
        ensureOpen();
        if (!unfinishedMerge.isEmpty()) {
            throw mergeToFinish();
        }
        JournalMerge merge = new JournalMerge(directory, JournalUserNames.encode(from), JournalUserNames.encode(to));
        try {
            merge.cleanUp();
            try (JournalDspamStore staging = open(JournalMerge.stagingDirectory(directory),
                options.withCompactionInBackground(false).withDictionaryCacheBytes(0))) {
                StoreCopy into = new StoreCopy(this, staging);
                into.copy(to, to, StoreCopy.Existing.REFUSE);
                merge.staged(into.copy(from, to, StoreCopy.Existing.MERGE).signatures());
            }
            return merge;
        } catch (IOException | RuntimeException e) {
            discardQuietly(merge);
            throw new DspamStoreException("Cannot merge " + from + " into " + to + " in " + directory + " (both are left"
                + " as they were): " + e.getMessage(), e);
        }
    }

    /** Why {@link #unfinishedMerge}'s users, or another merge, must wait for the next open. */
    private DspamStoreException mergeToFinish() {
        return new DspamStoreException("The merge of " + unfinishedMerge + " in " + directory + " is committed but"
            + " unfinished: restart to finish it");
    }

    private void discardQuietly(JournalMerge merge) {
        try {
            merge.cleanUp();
        } catch (IOException e) {
            LOGGER.warn("Cannot delete the merge's staging directory in {} (the next open deletes it): {}", directory,
                e.getMessage());
        }
    }

    /**
     * Moves the user's directory out of {@code users/} in one rename (the user is gone at once, and
     * a failure leaves it whole), then deletes its files; files a failure leaves behind are deleted
     * at the next open.
     */
    @Override
    public void deleteUser(DspamUser user) {
        ensureOpen();
        Path source = userDirectory(user);
        Path discarded = directory.resolve(DISCARDED).resolve(Long.toString(System.nanoTime()));
        Lock renaming = closedUnderDirectoryNames(user, user);
        try {
            ensureOpen();
            if (unfinishedMerge.contains(user)) {
                throw mergeToFinish();
            }
            if (!Files.isDirectory(source)) {
                return;
            }
            preferences.remove(user);
            Files.createDirectories(discarded.getParent());
            Files.move(source, discarded, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DspamStoreException("Cannot delete the data of " + user + " in " + directory + " (nothing of it was"
                + " deleted): " + e.getMessage(), e);
        } finally {
            renaming.unlock();
        }
        try {
            FileTrees.delete(discarded);
        } catch (IOException e) {
            LOGGER.warn("Deleted {} from {}, but not all of its files (the next open deletes them): {}", user, directory,
                e.getMessage());
        }
    }

    /**
     * Closes both users and returns {@link #directoryNames}' write lock, held: nothing can open
     * their files until it is released.
     */
    private Lock closedUnderDirectoryNames(DspamUser from, DspamUser to) {
        Lock renaming = directoryNames.writeLock();
        while (true) {
            // Closed before the lock, whose holder must wait for no user's monitor: a call holding
            // one may be reopening that user's files, which takes the read lock
            closeUser(from);
            closeUser(to);
            renaming.lock();
            if (!loaded.containsKey(from) && !loaded.containsKey(to)) {
                return renaming;
            }
            // Opened again in between; with the lock held, neither can be opened until it is released
            renaming.unlock();
        }
    }

    /** Unloads the user if it is open; a call under way finishes first (the monitor), and the next one opens it again. */
    private void closeUser(DspamUser user) {
        JournalUserData data = loaded.get(user);
        if (data != null) {
            synchronized (data) {
                if (loaded.remove(user, data)) {
                    unload(data);
                }
            }
        }
    }

    private Path preferenceFile(DspamUser user) {
        return directory.resolve(USERS).resolve(JournalUserNames.encode(user)).resolve(PREFERENCES);
    }

    /** Folds the user's journal into a fresh snapshot now (for tools and tests; apply does it when the journal grows). */
    public void compact(DspamUser user) {
        write(user, data -> {
            data.compact();
            return 0L;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Compactions still queued find the store closed and leave their journals to the next
        // open; one running holds its user's monitor, which the loop below waits for.
        compactions.shutdown();
        DspamStoreException failure = null;
        for (Map.Entry<DspamUser, JournalUserData> entry : loaded.entrySet()) {
            JournalUserData data = entry.getValue();
            synchronized (data) {
                try {
                    data.unload();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = new DspamStoreException("Cannot close the files of " + entry.getKey() + ": "
                            + e.getMessage(), e);
                    }
                }
            }
        }
        loaded.clear();
        useOrder.clear();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = new DspamStoreException("Cannot release the lock of " + directory + ": " + e.getMessage(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private interface UserRead<T> {
        T read(JournalUserData data);
    }

    private interface UserWrite {
        long write(JournalUserData data) throws IOException;
    }

    private <T> T read(DspamUser user, UserRead<T> reader, T absent) {
        return withUser(user, false, absent, Retry.ALWAYS, reader);
    }

    private long write(DspamUser user, UserWrite writer) {
        return withUser(user, false, 0L, Retry.NEVER, data -> {
            try {
                return writer.write(data);
            } catch (IOException e) {
                throw new DspamStoreException("Cannot update the data of " + user + " in " + directory + ": "
                    + e.getMessage(), e);
            }
        });
    }

    /** What a call that found its user's files closed under it may do on the files read again. */
    private enum Retry {
        /** A read: run it again. */
        ALWAYS,
        /** A message: apply it again unless the files read again hold it already (a whole record on disk). */
        UNLESS_COMMITTED,
        /** A purge or a compaction: report the failure; the next call finds the user reopened. */
        NEVER
    }

    /**
     * Runs {@code call} on the user's data under its monitor, loading it first if needed;
     * {@code absent} if the user has no data and {@code create} is false. Data unloaded by
     * {@link #evictIfOverCapacity} between the lookup and the monitor is looked up again. A call
     * that finds the user's files closed under it (an interrupt closes a NIO channel for every
     * thread) reopens the user from disk and is retried once as {@code retry} allows.
     */
    private <T> T withUser(DspamUser user, boolean create, T absent, Retry retry, UserRead<T> call) {
        while (true) {
            Optional<JournalUserData> found = loadReadingAgainIfClosed(user, create);
            if (found.isEmpty()) {
                return absent;
            }
            JournalUserData data = found.get();
            T result;
            synchronized (data) {
                ensureOpen();
                if (data.isUnloaded()) {
                    continue;
                }
                if (data.needsReopen()) {
                    // An earlier call left the user's files closed (and reported it): its memory may
                    // lag behind its files, so read them again before anything is read or written.
                    readAgain(user, data, new DspamStoreException("The files of " + user + " were closed"));
                    continue;
                }
                useOrder.used(data, user);
                long committedBefore = data.sequence();
                try {
                    result = call.read(data);
                } catch (RuntimeException e) {
                    if (!data.needsReopen() && !ClosedFiles.closedChannel(e)) {
                        throw e;
                    }
                    return reopenAndRetry(user, data, committedBefore, retry, call, e);
                } finally {
                    cachedBytes.addAndGet(data.takeCacheGrowth());
                    changedBytes.addAndGet(data.takeChangesGrowth());
                }
                if (data.takeCompactionRequest()) {
                    compactLater(user, data);
                }
            }
            if (!data.isCached() && data.lookupsSinceLoad() >= CACHE_AFTER_LOOKUPS) {
                admitToCache(data);
            } else if (cachedBytes.get() > options.dictionaryCacheBytes()) {
                shrinkCache();
            }
            if (changedBytes.get() > options.changedRowsBytes()) {
                evictIfOverCapacity(user, data);
            }
            return result;
        }
    }

    /** Hands a compaction the user's data asked for to the store's compaction thread. */
    private void compactLater(DspamUser user, JournalUserData data) {
        try {
            compactions.execute(() -> compactInBackground(user, data));
        } catch (RejectedExecutionException e) {
            // The store is closing: the journal stays as it is and the next open compacts it.
            data.compactionDropped();
        }
    }

    /**
     * Compacts the user on the compaction thread, under the same monitor as its calls. Skipped for
     * a user closed meanwhile (its next open compacts) or whose files need reading again (the
     * call that reads them again decides). A failure leaves a longer journal, as inline.
     */
    private void compactInBackground(DspamUser user, JournalUserData data) {
        synchronized (data) {
            if (closed || data.isUnloaded() || data.needsReopen()) {
                data.compactionDropped();
                return;
            }
            try {
                data.compactIfWanted();
            } catch (RuntimeException e) {
                LOGGER.warn("Compaction of {} failed in {}; its journal keeps growing", user, directory, e);
            } finally {
                changedBytes.addAndGet(data.takeChangesGrowth());
            }
        }
    }

    /** Waits until the compactions handed over so far are done (for tests). */
    void awaitCompactions(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        compactions.submit(() -> { }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the compaction thread after the compactions handed over so far (for tests: to keep it busy). */
    Future<?> runOnCompactionThread(Runnable task) {
        return compactions.submit(task);
    }

    /**
     * Copies a user's rows into the heap cache if they fit, making room by dropping the copies of
     * users looked up less than half as often since they were opened (coldest first). Comparing
     * frequencies rather than recency keeps two users who do not both fit from evicting each
     * other at every message. A user refused for want of colder users is not considered again
     * before its lookups have doubled (see {@link JournalUserData#worthSearchingRoom()}). One
     * admission at a time; a user's monitor is taken only inside the cache's lock, never the other
     * way round.
     */
    private void admitToCache(JournalUserData candidate) {
        synchronized (cacheAdmission) {
            long needed = candidate.cacheBytesNeeded();
            if (candidate.isCached() || needed > options.dictionaryCacheBytes()) {
                return;
            }
            long free = options.dictionaryCacheBytes() - cachedBytes.get();
            if (needed > free) {
                if (!candidate.worthSearchingRoom()) {
                    return;
                }
                if (candidate.lookupsSinceLoad() <= 2L * CACHE_AFTER_LOOKUPS) {
                    // No cached user can be colder: each was looked up CACHE_AFTER_LOOKUPS times
                    // before it was cached. Most candidates are such newcomers (with 10,000 users,
                    // one every other message), and the search walks every loaded user.
                    candidate.admissionRefused();
                    return;
                }
                List<JournalUserData> colder = new ArrayList<>();
                for (JournalUserData other : loaded.values()) {
                    if (other.isCached() && other.lookupsSinceLoad() * 2L < candidate.lookupsSinceLoad()) {
                        colder.add(other);
                    }
                }
                colder.sort(Comparator.comparingInt(JournalUserData::lookupsSinceLoad));
                List<JournalUserData> victims = new ArrayList<>();
                long freed = 0;
                for (JournalUserData other : colder) {
                    if (free + freed >= needed) {
                        break;
                    }
                    victims.add(other);
                    freed += other.cachedBytes();
                }
                if (free + freed < needed) {
                    candidate.admissionRefused();
                    return;
                }
                for (JournalUserData victim : victims) {
                    synchronized (victim) {
                        cachedBytes.addAndGet(-victim.uncache());
                    }
                }
            }
            synchronized (candidate) {
                if (!candidate.isUnloaded() && !candidate.isCached()) {
                    cachedBytes.addAndGet(candidate.cache());
                }
            }
        }
    }

    /**
     * Brings the cache back within its budget after cached dictionaries grew (messages add rows to
     * the heap copies they are cached in): drops the copies of the users looked up least often
     * since they were opened until the rest fit. Same lock order as {@link #admitToCache}.
     */
    private void shrinkCache() {
        synchronized (cacheAdmission) {
            if (cachedBytes.get() <= options.dictionaryCacheBytes()) {
                return;
            }
            List<JournalUserData> cached = new ArrayList<>();
            for (JournalUserData other : loaded.values()) {
                if (other.isCached()) {
                    cached.add(other);
                }
            }
            cached.sort(Comparator.comparingInt(JournalUserData::lookupsSinceLoad));
            for (JournalUserData victim : cached) {
                if (cachedBytes.get() <= options.dictionaryCacheBytes()) {
                    return;
                }
                synchronized (victim) {
                    cachedBytes.addAndGet(-victim.uncache());
                }
            }
        }
    }

    /** Whether the user's data is in memory now (for tests). */
    boolean isLoaded(DspamUser user) {
        return loaded.containsKey(user);
    }

    /** Whether the user's rows are in the heap cache now (for tests). */
    boolean isCached(DspamUser user) {
        JournalUserData data = loaded.get(user);
        return data != null && data.isCached();
    }

    /** The bytes the loaded users' changed rows take, counted afresh (to check the account against, in tests). */
    long changedRowsBytesCounted() {
        return loaded.values().stream().mapToLong(JournalUserData::changedRowsBytes).sum();
    }

    /** The store's account of the loaded users' changed rows (for tests). */
    long changedRowsBytesAccounted() {
        return changedBytes.get();
    }

    /** The bytes the loaded users' heap copies take, counted afresh (to check the account against, in tests). */
    long dictionaryCacheBytesCounted() {
        return loaded.values().stream().mapToLong(JournalUserData::cachedBytes).sum();
    }

    /**
     * Replaces a user whose files were closed under a call by the user read again from disk (a
     * torn record dropped as after a crash), then runs the call again once on it, with the
     * thread's interrupt status cleared for the time of the I/O (it is restored afterwards: the
     * caller still learns it was interrupted). A message whose record the files already hold
     * whole was committed and is not applied twice; a message whose second attempt fails the same
     * way is looked for once more, so that a failure means it was not committed. Called under
     * {@code broken}'s monitor, so no other call of the user runs in between.
     */
    private <T> T reopenAndRetry(DspamUser user, JournalUserData broken, long committedBefore, Retry retry,
                                 UserRead<T> call, RuntimeException failure) {
        JournalUserData fresh = readAgain(user, broken, failure);
        if (retry == Retry.NEVER) {
            throw failure;
        }
        synchronized (fresh) {
            if (retry == Retry.UNLESS_COMMITTED && fresh.sequence() > committedBefore) {
                return committed(user, fresh);
            }
            try {
                return ClosedFiles.uninterrupted(() -> call.read(fresh));
            } catch (RuntimeException e) {
                e.addSuppressed(failure);
                if (retry == Retry.UNLESS_COMMITTED && (fresh.needsReopen() || ClosedFiles.closedChannel(e))) {
                    JournalUserData again = readAgain(user, fresh, e);
                    synchronized (again) {
                        if (again.sequence() > committedBefore) {
                            return committed(user, again);
                        }
                    }
                }
                throw e;
            } finally {
                cachedBytes.addAndGet(fresh.takeCacheGrowth());
                changedBytes.addAndGet(fresh.takeChangesGrowth());
            }
        }
    }

    /**
     * Unloads {@code broken} and puts the user read again from disk in its place; throws
     * {@code failure} (with the reason attached) if that cannot be done, or if another call had
     * already put another object in its place (the user was unloaded and opened again
     * meanwhile, and may have committed since: what this call did cannot be told apart).
     */
    private JournalUserData readAgain(DspamUser user, JournalUserData broken, RuntimeException failure) {
        unload(broken);
        Optional<JournalUserData> reopened;
        try {
            reopened = ClosedFiles.uninterrupted(() -> replace(user, broken));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            throw failure;
        }
        filesReadAgain.incrementAndGet();
        LOGGER.warn("The files of {} in {} were closed under a call ({}); read them again from disk", user, directory,
            failure.toString());
        return reopened.orElseThrow(() -> failure);
    }

    /** The message was found whole on disk: it was committed; forced to the disk if every commit must be. */
    private <T> T committed(DspamUser user, JournalUserData data) {
        if (options.syncEveryMessage()) {
            ClosedFiles.uninterrupted(() -> forceCommitted(user, data));
        }
        return null;
    }

    /**
     * Opens the user's files again in place of {@code broken}; empty if another object had
     * already taken its place (the user was unloaded and opened again while the call ran).
     */
    private Optional<JournalUserData> replace(DspamUser user, JournalUserData broken) {
        ensureOpen();
        Path userDirectory = userDirectory(user);
        JournalUserData[] opened = new JournalUserData[1];
        RuntimeException[] failed = new RuntimeException[1];
        underDirectoryNames(() -> loaded.compute(user, (u, present) -> {
            if (present != null && present != broken) {
                return present;
            }
            try {
                opened[0] = JournalUserData.open(userDirectory, options);
                useOrder.used(opened[0], user);
                return opened[0];
            } catch (IOException e) {
                failed[0] = new DspamStoreException("Cannot read the data of " + user + " again from " + userDirectory
                    + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                failed[0] = e;
            }
            return null;
        }));
        if (failed[0] != null) {
            throw failed[0];
        }
        if (opened[0] != null && closed) {
            // close() may have run meanwhile; do not leak the files.
            loaded.remove(user, opened[0]);
            unload(opened[0]);
            ensureOpen();
        }
        return Optional.ofNullable(opened[0]);
    }

    private Void forceCommitted(DspamUser user, JournalUserData data) {
        try {
            data.force();
        } catch (IOException e) {
            throw new DspamStoreException("The message of " + user + " was written to " + directory
                + " but could not be forced to the disk: " + e.getMessage(), e);
        }
        return null;
    }

    /** Loads the user; if an interrupt closed a channel its files were being read through, reads them again. */
    private Optional<JournalUserData> loadReadingAgainIfClosed(DspamUser user, boolean create) {
        try {
            return load(user, create);
        } catch (RuntimeException e) {
            if (!ClosedFiles.closedChannel(e)) {
                throw e;
            }
            filesReadAgain.incrementAndGet();
            LOGGER.warn("Reading the files of {} in {} was cut short ({}); reading them again", user, directory,
                e.toString());
            try {
                return ClosedFiles.uninterrupted(() -> load(user, create));
            } catch (RuntimeException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    private Path userDirectory(DspamUser user) {
        return directory.resolve(USERS).resolve(JournalUserNames.encode(user));
    }

    private Optional<JournalUserData> load(DspamUser user, boolean create) {
        ensureOpen();
        JournalUserData data = loaded.get(user);
        if (data != null) {
            return Optional.of(data);
        }
        Path userDirectory = userDirectory(user);
        JournalUserData result;
        try {
            result = underDirectoryNames(() -> {
                if (unfinishedMerge.contains(user)) {
                    throw mergeToFinish();
                }
                if (!create && !Files.isDirectory(userDirectory)) {
                    return null;
                }
                return loaded.computeIfAbsent(user, u -> {
                    try {
                        JournalUserNames.recordLongName(userDirectory, user);
                        return JournalUserData.open(userDirectory, options);
                    } catch (IOException | UncheckedIOException e) {
                        throw new DspamStoreException("Cannot load the data of " + user + " from " + userDirectory
                            + ": " + e.getMessage(), e);
                    }
                });
            });
            if (result == null) {
                return Optional.empty();
            }
            useOrder.used(result, user);
        } finally {
            if (closed) {
                // close() may have run while this user was loading; do not leak its files.
                JournalUserData late = loaded.remove(user);
                if (late != null) {
                    unload(late);
                }
            }
        }
        evictIfOverCapacity(user, result);
        return Optional.of(result);
    }

    /**
     * Keeps at most {@link Options#maximumLoadedUsers()} dictionaries in memory, and their changed
     * rows within {@link Options#changedRowsBytes()}, by unloading the least recently used one
     * ({@code inUse} stays). Unloading loses nothing: every commit is already in its files.
     */
    private void evictIfOverCapacity(DspamUser user, JournalUserData inUse) {
        while (loaded.size() > options.maximumLoadedUsers() || changedBytes.get() > options.changedRowsBytes()) {
            Optional<Map.Entry<JournalUserData, DspamUser>> leastRecent = useOrder.leastRecent(inUse);
            if (leastRecent.isEmpty()) {
                warnIfAloneOverBudget(user);
                return;
            }
            Map.Entry<JournalUserData, DspamUser> victim = leastRecent.get();
            // Removed under its monitor: a call of the victim still writing finishes first, so that
            // the user is not opened again from files its last write has not reached yet (the new
            // copy's next message would overwrite that record); a call that finds it afterwards
            // sees it unloaded and looks the user up again.
            JournalUserData data = victim.getKey();
            synchronized (data) {
                if (loaded.remove(victim.getValue(), data)) {
                    unload(data);
                } else {
                    // Already unloaded or replaced by another path; only its place in the order was left.
                    useOrder.forget(data);
                }
            }
        }
    }

    /**
     * The user in use is the only one open and the changed rows are still past their budget: its
     * own rows pass it, so every call of this user closes all the others (each reopened when next
     * mailed) until a compaction writes its rows into its snapshot. Said to the operator, who can
     * raise the budget; at most once per {@link #LONE_USER_WARNING_INTERVAL}.
     */
    private void warnIfAloneOverBudget(DspamUser user) {
        long bytes = changedBytes.get();
        long last = loneUserOverBudgetLogged.get();
        long now = System.nanoTime();
        if (bytes > options.changedRowsBytes() && now - last >= LONE_USER_WARNING_INTERVAL.toNanos()
            && loneUserOverBudgetLogged.compareAndSet(last, now)) {
            LOGGER.warn("The rows {} changed since its last compaction take {} bytes of heap, more than the budget for all"
                + " open users' changed rows ({} bytes, embedded.changedRowsSize in dspam.properties): every other"
                + " user is closed after each of its calls until its next compaction. Raise the budget above the"
                + " largest user's changed rows (up to a quarter of its rows).", user, bytes, options.changedRowsBytes());
        }
    }

    private void unload(JournalUserData data) {
        useOrder.forget(data);
        synchronized (data) {
            cachedBytes.addAndGet(-data.uncache());
            changedBytes.addAndGet(-data.takeChangesAccounted());
            try {
                data.unload();
            } catch (IOException e) {
                LOGGER.warn("Cannot close the files of an unloaded user in {}", directory, e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DspamStoreException("The DSPAM store " + directory + " is closed");
        }
    }

    /**
     * User names as directory names: bytes outside {@code [a-z0-9._+-@]} become {@code %XX}, so case
     * and odd characters never collide. A file name holds at most 255 bytes on ext4 and most other
     * filesystems while a DSPAM user name may have 255 bytes, which {@code %XX} can triple: an
     * encoding longer than {@value #MAX_DIRECTORY_NAME} is cut and completed with {@code ~} and the
     * SHA-256 of the name ({@code ~} is never plain, so such a name cannot meet a short one), and
     * the name itself is kept in the directory's {@value #LONG_NAME_FILE} file.
     */
    static final class JournalUserNames {
        private static final char[] HEX = "0123456789ABCDEF".toCharArray();
        static final int MAX_DIRECTORY_NAME = 240;
        private static final int LONG_NAME_PREFIX = 160;
        static final String LONG_NAME_FILE = "user-name";

        private JournalUserNames() {
        }

        static String encode(DspamUser user) {
            String encoded = percentEncoded(user);
            if (encoded.length() <= MAX_DIRECTORY_NAME) {
                return encoded;
            }
            int cut = LONG_NAME_PREFIX;
            while (encoded.charAt(cut - 1) == '%' || encoded.charAt(cut - 2) == '%') {
                cut--;
            }
            return encoded.substring(0, cut) + "~" + sha256Hex(user.asString().getBytes(StandardCharsets.UTF_8));
        }

        /** The user a directory holds: from its name, or for a long name from its name file. */
        static Optional<DspamUser> userOf(Path userDirectory) {
            String directoryName = userDirectory.getFileName().toString();
            if (directoryName.indexOf('~') < 0) {
                return decode(directoryName);
            }
            try {
                String name = Files.readString(userDirectory.resolve(LONG_NAME_FILE), StandardCharsets.UTF_8);
                return DspamUser.isValid(name) && encode(DspamUser.of(name)).equals(directoryName)
                    ? Optional.of(DspamUser.of(name)) : Optional.empty();
            } catch (IOException e) {
                LOGGER.warn("The user directory {} has no readable {} file; its user is not listed", userDirectory,
                    LONG_NAME_FILE);
                return Optional.empty();
            }
        }

        /** Writes the name file of a long name's directory before its data, so the store never holds an unnamed user. */
        static void recordLongName(Path userDirectory, DspamUser user) throws IOException {
            if (userDirectory.getFileName().toString().indexOf('~') < 0) {
                return;
            }
            Path file = userDirectory.resolve(LONG_NAME_FILE);
            if (!Files.exists(file)) {
                Files.createDirectories(userDirectory);
                Path temporary = userDirectory.resolve(LONG_NAME_FILE + ".tmp");
                Files.writeString(temporary, user.asString(), StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
        }

        /**
         * After a user's directory was renamed to {@code user}'s: the name file the old name may have
         * left goes, and a long name gets its own. Cut short in between, the directory holds no
         * name file: the user is then left out of {@link #users} until its next call writes it.
         */
        static void renamed(Path userDirectory, DspamUser user) throws IOException {
            Files.deleteIfExists(userDirectory.resolve(LONG_NAME_FILE));
            recordLongName(userDirectory, user);
        }

        private static String sha256Hex(byte[] bytes) {
            try {
                StringBuilder hex = new StringBuilder(64);
                for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
                    hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
                }
                return hex.toString();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("Every JVM has SHA-256", e);
            }
        }

        private static String percentEncoded(DspamUser user) {
            StringBuilder out = new StringBuilder();
            for (byte b : user.asString().getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xFF;
                boolean plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '+' || c == '-' || c == '@';
                if (plain) {
                    out.append((char) c);
                } else {
                    out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
                }
            }
            return out.toString();
        }

        static Optional<DspamUser> decode(String directoryName) {
            byte[] bytes = new byte[directoryName.length()];
            int length = 0;
            for (int i = 0; i < directoryName.length(); i++) {
                char c = directoryName.charAt(i);
                if (c == '%') {
                    int high = i + 2 < directoryName.length() ? Character.digit(directoryName.charAt(i + 1), 16) : -1;
                    int low = high >= 0 ? Character.digit(directoryName.charAt(i + 2), 16) : -1;
                    if (low < 0) {
                        return Optional.empty();
                    }
                    bytes[length++] = (byte) (high << 4 | low);
                    i += 2;
                } else if (c < 0x80) {
                    bytes[length++] = (byte) c;
                } else {
                    return Optional.empty();
                }
            }
            String name = new String(bytes, 0, length, StandardCharsets.UTF_8);
            return DspamUser.isValid(name) ? Optional.of(DspamUser.of(name)) : Optional.empty();
        }
    }
}
