package io.jamesdspam.engine.storage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * Copies DSPAM users from one store into another: what an operator needs when a single node's
 * journal store moves into the database several nodes share (or a database back into files).
 * Everything DSPAM keeps per user goes along — totals, every token row with its counters and its
 * last-hit day (DSPAM's purge looks at it), every signature with its creation day (messages tagged
 * before the copy can still be retrained by signature after it) and the user's own preferences —
 * so that the copy classifies, retrains and purges as the original would.
 *
 * <p>A user is copied in several writes (one per last-hit day and {@value #ROWS_PER_WRITE} rows,
 * then the totals, then one per signature), not in one transaction: a dictionary of millions of
 * rows would be one enormous transaction. What happens to a user the target holds already is the
 * caller's choice ({@link Existing}): refused, replaced (emptied first; so a copy that failed
 * half-way is run again replacing), or merged — its counters and totals added to the target's,
 * as when two nodes that each learned part of the same users' mail move into one database. Nothing
 * may write into the source or the target meanwhile (stop James, or dspamd, first).
 */
public final class StoreCopy {
    /** Token rows per write. */
    static final int ROWS_PER_WRITE = 50_000;

    /** What a copy does with a user the target holds already. */
    public enum Existing {
        /** Nothing is written ({@link #refusals} says why). */
        REFUSE,
        /** The target's user is emptied first, then copied into. */
        REPLACE,
        /**
         * The source's user is added to the target's: each token's counters summed (capped at
         * DSPAM's {@value TokenUpdate#MAX_HITS}) with the later last-hit day, the totals summed, the
         * signatures the target lacks, the preferences the target has no value for. A merge that
         * fails half-way has added part of the user: copy the user again from its first source
         * replacing it, then merge again.
         */
        MERGE
    }

    private final DspamStore source;
    private final DspamStore target;

    public StoreCopy(DspamStore source, DspamStore target) {
        this.source = source;
        this.target = target;
    }

    /** What one user's copy wrote. */
    public static final class Copied {
        private final DspamUser user;
        private final long tokens;
        private final long signatures;
        private final int preferences;
        private final Optional<Existing> existing;

        Copied(DspamUser user, long tokens, long signatures, int preferences, Optional<Existing> existing) {
            this.user = user;
            this.tokens = tokens;
            this.signatures = signatures;
            this.preferences = preferences;
            this.existing = existing;
        }

        public DspamUser user() {
            return user;
        }

        public long tokens() {
            return tokens;
        }

        public long signatures() {
            return signatures;
        }

        public int preferences() {
            return preferences;
        }

        /** Whether the target held the user before and was emptied first. */
        public boolean replaced() {
            return existing.equals(Optional.of(Existing.REPLACE));
        }

        /** Whether the target held the user before and the source's was added to it. */
        public boolean merged() {
            return existing.equals(Optional.of(Existing.MERGE));
        }
    }

    /** What a whole copy wrote. */
    public static final class Summary {
        private final int users;
        private final long tokens;
        private final long signatures;
        private final int defaultPreferences;

        Summary(int users, long tokens, long signatures, int defaultPreferences) {
            this.users = users;
            this.tokens = tokens;
            this.signatures = signatures;
            this.defaultPreferences = defaultPreferences;
        }

        public int users() {
            return users;
        }

        public long tokens() {
            return tokens;
        }

        public long signatures() {
            return signatures;
        }

        public int defaultPreferences() {
            return defaultPreferences;
        }
    }

    /**
     * Why the target refuses a copy of {@code users} with {@link Existing#REFUSE}: each user it
     * holds already, and stored defaults of its own. Empty when nothing stands in the way; the
     * callers check this first, so that such a copy does not start when something is in the way.
     */
    public List<String> refusals(List<DspamUser> users) {
        List<String> refused = new ArrayList<>();
        defaultPreferencesConflict().ifPresent(refused::add);
        for (DspamUser user : users) {
            presentInTarget(user).ifPresent(what -> refused.add(user + " is in the target already (" + what + ")"));
        }
        return refused;
    }

    /**
     * The stored defaults, then every user of {@code users} one after the other, each reported to
     * {@code each} once copied.
     *
     * @throws AlreadyInTargetException something is in the way of {@link Existing#REFUSE} (see {@link #refusals})
     * @throws DspamStoreException a store failed: it names the user, which may then be partly copied
     */
    public Summary copyAll(List<DspamUser> users, Existing existing, Consumer<Copied> each) {
        int defaults = copyDefaultPreferences(existing);
        long tokens = 0;
        long signatures = 0;
        for (DspamUser user : users) {
            Copied copied;
            try {
                copied = copy(user, existing);
            } catch (DspamStoreException e) {
                throw new DspamStoreException(user + " failed and may be partly copied (copy it again, replacing it): "
                    + e.getMessage(), e);
            }
            each.accept(copied);
            tokens += copied.tokens();
            signatures += copied.signatures();
        }
        // A database that got whole dictionaries would otherwise plan their reads on the statistics of an empty table
        target.refreshStatistics();
        return new Summary(users.size(), tokens, signatures, defaults);
    }

    /** Refused: the target holds the user (or stored defaults of its own) already, and the copy refuses such users. */
    public static final class AlreadyInTargetException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyInTargetException(String message) {
            super(message);
        }
    }

    /**
     * Copies one user; a user the target holds already is refused before anything is written,
     * emptied first (its rows, signatures, totals and own preferences) or merged, as
     * {@code existing} says.
     *
     * @throws AlreadyInTargetException the target holds the user and {@code existing} is {@link Existing#REFUSE}
     * @throws DspamStoreException either store failed; the user may then be partly copied
     */
    public Copied copy(DspamUser user, Existing existing) {
        return copy(user, user, existing);
    }

    /**
     * Copies the source's user {@code from} into the target's user {@code to}: the same as
     * {@link #copy(DspamUser, Existing)}, under another name (James renamed the user). Source and
     * target may be one store.
     */
    public Copied copy(DspamUser from, DspamUser to, Existing existing) {
        Optional<String> present = presentInTarget(to);
        if (present.isPresent() && existing == Existing.REFUSE) {
            throw new AlreadyInTargetException(to + " is already in the target (" + present.get()
                + "); copy it with replace (emptied first) or merge (added to)");
        }
        if (present.isPresent() && existing == Existing.REPLACE) {
            empty(target, to);
        }
        boolean merge = present.isPresent() && existing == Existing.MERGE;
        DspamTotals before = target.totals(to);
        long tokens = copyTokens(from, to, merge, before);
        DspamTotals totals = before.plus(source.totals(from));
        if (!totals.equals(before)) {
            target.apply(to, new MessageUpdate(before, totals, List.of(), Optional.empty(), LocalDate.now()));
        }
        long[] signatures = {0};
        source.forEachSignature(from, signature -> {
            // A merge keeps the target's signature of the same id (its own message, retrained by its own id)
            if (!merge || !target.hasSignature(to, signature.id())) {
                target.apply(to, new MessageUpdate(totals, totals, List.of(), Optional.of(signature), signature.createdOn()));
                signatures[0]++;
            }
        });
        int preferences = 0;
        if (source instanceof PreferenceStore && target instanceof PreferenceStore) {
            PreferenceStore into = (PreferenceStore) target;
            Map<String, String> kept = merge ? into.preferences(to).asMap() : Map.of();
            for (Map.Entry<String, String> preference : ((PreferenceStore) source).preferences(from).asMap().entrySet()) {
                if (!kept.containsKey(preference.getKey())) {
                    into.storePreference(to, preference.getKey(), preference.getValue());
                    preferences++;
                }
            }
        }
        return new Copied(to, tokens, signatures[0], preferences,
            present.isPresent() ? Optional.of(existing) : Optional.empty());
    }

    /**
     * Copies the stored system defaults (DSPAM's uid 0 preferences) when both stores keep
     * preferences. Target defaults of its own are refused, replaced, or kept with the source's
     * added where the target has no value ({@link Existing#MERGE}). Returns how many were written.
     *
     * @throws AlreadyInTargetException the target has defaults of its own and {@code existing} is {@link Existing#REFUSE}
     */
    public int copyDefaultPreferences(Existing existing) {
        if (!(source instanceof PreferenceStore) || !(target instanceof PreferenceStore)) {
            return 0;
        }
        Optional<String> conflict = defaultPreferencesConflict();
        if (conflict.isPresent() && existing == Existing.REFUSE) {
            throw new AlreadyInTargetException(conflict.get() + "; copy replacing or merging them");
        }
        PreferenceStore to = (PreferenceStore) target;
        Map<String, String> kept = Map.of();
        if (conflict.isPresent() && existing == Existing.REPLACE) {
            to.defaultPreferences().asMap().keySet().forEach(to::deleteDefaultPreference);
        } else if (existing == Existing.MERGE) {
            kept = to.defaultPreferences().asMap();
        }
        int written = 0;
        for (Map.Entry<String, String> preference : ((PreferenceStore) source).defaultPreferences().asMap().entrySet()) {
            if (!kept.containsKey(preference.getKey())) {
                to.storeDefaultPreference(preference.getKey(), preference.getValue());
                written++;
            }
        }
        return written;
    }

    /** Why the target's stored system defaults stand in the way of the source's, if they do (other values). */
    public Optional<String> defaultPreferencesConflict() {
        if (!(source instanceof PreferenceStore) || !(target instanceof PreferenceStore)) {
            return Optional.empty();
        }
        Preferences existing = ((PreferenceStore) target).defaultPreferences();
        if (existing.isEmpty() || existing.equals(((PreferenceStore) source).defaultPreferences())) {
            return Optional.empty();
        }
        return Optional.of("the target has default preferences of its own (" + existing.format().trim().replace('\n', ' ') + ")");
    }

    /** What the target holds of the user already, if anything: a copy would refuse it without replace. */
    public Optional<String> presentInTarget(DspamUser user) {
        long rows = target.tokenCount(user);
        if (rows > 0) {
            return Optional.of(rows + " token rows");
        }
        if (!target.totals(user).equals(DspamTotals.EMPTY)) {
            return Optional.of("totals");
        }
        long signatures = target.signatureCount(user);
        if (signatures > 0) {
            return Optional.of(signatures + " signatures");
        }
        if (target instanceof PreferenceStore && !((PreferenceStore) target).preferences(user).isEmpty()) {
            return Optional.of("preferences");
        }
        return Optional.empty();
    }

    /** Empties {@code user} in {@code store}: its token rows, signatures, totals and own preferences. */
    public static void empty(DspamStore store, DspamUser user) {
        store.purgeTokens(user, (id, statistics) -> true);
        store.purgeSignatures(user, LocalDate.MAX);
        DspamTotals totals = store.totals(user);
        if (!totals.equals(DspamTotals.EMPTY)) {
            store.apply(user, new MessageUpdate(totals, DspamTotals.EMPTY, List.of(), Optional.empty(), LocalDate.now()));
        }
        if (store instanceof PreferenceStore) {
            PreferenceStore preferences = (PreferenceStore) store;
            preferences.preferences(user).asMap().keySet().forEach(name -> preferences.deletePreference(user, name));
        }
    }

    /**
     * The rows, grouped by last-hit day: each write gives its rows one day, which the target keeps.
     * Merging, each row is added to the target's row of the same token, read a write's worth at a
     * time, and goes with the later of the two days (DSPAM's purge must not find it staler than
     * either side had it).
     */
    private long copyTokens(DspamUser sourceUser, DspamUser targetUser, boolean merge, DspamTotals targetTotals) {
        Map<Long, DayRows> days = new TreeMap<>();
        source.forEachToken(sourceUser, (id, statistics) -> days.computeIfAbsent(statistics.lastHit().toEpochDay(),
            day -> new DayRows()).add(id, false, 0, 0, statistics.spamHits(), statistics.innocentHits()));
        Map<Long, DayRows> writes = merge ? addedToTarget(targetUser, days) : days;
        long copied = 0;
        for (Map.Entry<Long, DayRows> day : writes.entrySet()) {
            DayRows rows = day.getValue();
            for (int from = 0; from < rows.count; from += ROWS_PER_WRITE) {
                int to = Math.min(rows.count, from + ROWS_PER_WRITE);
                List<TokenUpdate> updates = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    updates.add(new TokenUpdate(rows.ids[i], rows.existed[i], rows.loadedSpamHits[i],
                        rows.loadedInnocentHits[i], rows.spamHits[i], rows.innocentHits[i]));
                }
                // No control token's change: a shared store inserts new rows with these counters
                // and adds the difference to rows it has. The totals stay as they are (a store
                // that owns the user writes them as given), until the copy adds the source's.
                target.apply(targetUser, new MessageUpdate(targetTotals, targetTotals, updates, Optional.empty(),
                    LocalDate.ofEpochDay(day.getKey())));
                copied += updates.size();
            }
        }
        return copied;
    }

    /** The source's rows added to the target's, regrouped by the later last-hit day of the two. */
    private Map<Long, DayRows> addedToTarget(DspamUser user, Map<Long, DayRows> sourceDays) {
        Map<Long, DayRows> merged = new TreeMap<>();
        for (Map.Entry<Long, DayRows> day : sourceDays.entrySet()) {
            DayRows rows = day.getValue();
            for (int from = 0; from < rows.count; from += ROWS_PER_WRITE) {
                int to = Math.min(rows.count, from + ROWS_PER_WRITE);
                List<Long> ids = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    ids.add(rows.ids[i]);
                }
                Map<Long, TokenStatistics> existing = target.tokens(user, ids);
                for (int i = from; i < to; i++) {
                    TokenStatistics row = existing.get(rows.ids[i]);
                    if (row == null) {
                        merged.computeIfAbsent(day.getKey(), any -> new DayRows())
                            .add(rows.ids[i], false, 0, 0, rows.spamHits[i], rows.innocentHits[i]);
                    } else {
                        long later = Math.max(day.getKey(), row.lastHit().toEpochDay());
                        merged.computeIfAbsent(later, any -> new DayRows()).add(rows.ids[i], true,
                            row.spamHits(), row.innocentHits(),
                            Math.min(TokenUpdate.MAX_HITS, row.spamHits() + rows.spamHits[i]),
                            Math.min(TokenUpdate.MAX_HITS, row.innocentHits() + rows.innocentHits[i]));
                    }
                }
            }
        }
        return merged;
    }

    /** One day's rows side by side (a dictionary of millions of rows, without an object per row). */
    private static final class DayRows {
        long[] ids = new long[64];
        boolean[] existed = new boolean[64];
        long[] loadedSpamHits = new long[64];
        long[] loadedInnocentHits = new long[64];
        long[] spamHits = new long[64];
        long[] innocentHits = new long[64];
        int count;

        void add(long id, boolean inTarget, long loadedSpam, long loadedInnocent, long spam, long innocent) {
            if (count == ids.length) {
                int size = count * 2;
                ids = Arrays.copyOf(ids, size);
                existed = Arrays.copyOf(existed, size);
                loadedSpamHits = Arrays.copyOf(loadedSpamHits, size);
                loadedInnocentHits = Arrays.copyOf(loadedInnocentHits, size);
                spamHits = Arrays.copyOf(spamHits, size);
                innocentHits = Arrays.copyOf(innocentHits, size);
            }
            ids[count] = id;
            existed[count] = inTarget;
            loadedSpamHits[count] = loadedSpam;
            loadedInnocentHits[count] = loadedInnocent;
            spamHits[count] = spam;
            innocentHits[count] = innocent;
            count++;
        }
    }
}
