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
 * rows would be one enormous transaction. A user already present in the target is refused unless
 * the copy replaces it, which empties it first; so a copy that failed half-way is run again with
 * {@code replace}. Nothing may write into the source or the target meanwhile (stop James, or
 * dspamd, first).
 */
public final class StoreCopy {
    /** Token rows per write. */
    static final int ROWS_PER_WRITE = 50_000;

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
        private final boolean replaced;

        Copied(DspamUser user, long tokens, long signatures, int preferences, boolean replaced) {
            this.user = user;
            this.tokens = tokens;
            this.signatures = signatures;
            this.preferences = preferences;
            this.replaced = replaced;
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
            return replaced;
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
     * Why the target refuses a copy of {@code users} without replace: each user it holds already,
     * and stored defaults of its own. Empty when nothing stands in the way; the callers check
     * this first, so that a copy without replace does not start when something is in the way.
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
     * @throws AlreadyInTargetException something is in the way and {@code replace} is off (see {@link #refusals})
     * @throws DspamStoreException a store failed: it names the user, which may then be partly copied
     */
    public Summary copyAll(List<DspamUser> users, boolean replace, Consumer<Copied> each) {
        int defaults = copyDefaultPreferences(replace);
        long tokens = 0;
        long signatures = 0;
        for (DspamUser user : users) {
            Copied copied;
            try {
                copied = copy(user, replace);
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

    /** Refused: the target holds the user (or stored defaults of its own) already, and replace is off. */
    public static final class AlreadyInTargetException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyInTargetException(String message) {
            super(message);
        }
    }

    /**
     * Copies one user; with {@code replace}, a user the target holds is emptied first (its rows,
     * signatures, totals and own preferences), else such a user is refused before anything is written.
     *
     * @throws AlreadyInTargetException the target holds the user and {@code replace} is off
     * @throws DspamStoreException either store failed; the user may then be partly copied
     */
    public Copied copy(DspamUser user, boolean replace) {
        Optional<String> present = presentInTarget(user);
        if (present.isPresent() && !replace) {
            throw new AlreadyInTargetException(user + " is already in the target (" + present.get()
                + "); copy it with replace to empty it there first");
        }
        if (present.isPresent()) {
            empty(user);
        }
        long tokens = copyTokens(user);
        DspamTotals totals = source.totals(user);
        if (!totals.equals(DspamTotals.EMPTY)) {
            target.apply(user, new MessageUpdate(DspamTotals.EMPTY, totals, List.of(), Optional.empty(), LocalDate.now()));
        }
        long[] signatures = {0};
        source.forEachSignature(user, signature -> {
            target.apply(user, new MessageUpdate(totals, totals, List.of(), Optional.of(signature), signature.createdOn()));
            signatures[0]++;
        });
        int preferences = 0;
        if (source instanceof PreferenceStore && target instanceof PreferenceStore) {
            for (Map.Entry<String, String> preference : ((PreferenceStore) source).preferences(user).asMap().entrySet()) {
                ((PreferenceStore) target).storePreference(user, preference.getKey(), preference.getValue());
                preferences++;
            }
        }
        return new Copied(user, tokens, signatures[0], preferences, present.isPresent());
    }

    /**
     * Copies the stored system defaults (DSPAM's uid 0 preferences) when both stores keep
     * preferences; the target's are replaced only with {@code replace}. Returns how many were written.
     *
     * @throws AlreadyInTargetException the target has defaults of its own and {@code replace} is off
     */
    public int copyDefaultPreferences(boolean replace) {
        if (!(source instanceof PreferenceStore) || !(target instanceof PreferenceStore)) {
            return 0;
        }
        Optional<String> conflict = defaultPreferencesConflict();
        if (conflict.isPresent() && !replace) {
            throw new AlreadyInTargetException(conflict.get() + "; copy with replace to overwrite them");
        }
        PreferenceStore to = (PreferenceStore) target;
        Preferences copied = ((PreferenceStore) source).defaultPreferences();
        if (conflict.isPresent()) {
            to.defaultPreferences().asMap().keySet().forEach(to::deleteDefaultPreference);
        }
        copied.asMap().forEach(to::storeDefaultPreference);
        return copied.asMap().size();
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
        long[] signatures = {0};
        target.forEachSignature(user, signature -> signatures[0]++);
        if (signatures[0] > 0) {
            return Optional.of(signatures[0] + " signatures");
        }
        if (target instanceof PreferenceStore && !((PreferenceStore) target).preferences(user).isEmpty()) {
            return Optional.of("preferences");
        }
        return Optional.empty();
    }

    private void empty(DspamUser user) {
        target.purgeTokens(user, (id, statistics) -> true);
        target.purgeSignatures(user, LocalDate.MAX);
        DspamTotals totals = target.totals(user);
        if (!totals.equals(DspamTotals.EMPTY)) {
            target.apply(user, new MessageUpdate(totals, DspamTotals.EMPTY, List.of(), Optional.empty(), LocalDate.now()));
        }
        if (target instanceof PreferenceStore) {
            PreferenceStore preferences = (PreferenceStore) target;
            preferences.preferences(user).asMap().keySet().forEach(name -> preferences.deletePreference(user, name));
        }
    }

    /** The rows, grouped by last-hit day: each write gives its rows one day, which the target keeps. */
    private long copyTokens(DspamUser user) {
        Map<Long, DayRows> days = new TreeMap<>();
        source.forEachToken(user, (id, statistics) -> days.computeIfAbsent(statistics.lastHit().toEpochDay(),
            day -> new DayRows()).add(id, statistics.spamHits(), statistics.innocentHits()));
        long copied = 0;
        for (Map.Entry<Long, DayRows> day : days.entrySet()) {
            DayRows rows = day.getValue();
            for (int from = 0; from < rows.count; from += ROWS_PER_WRITE) {
                int to = Math.min(rows.count, from + ROWS_PER_WRITE);
                List<TokenUpdate> updates = new ArrayList<>(to - from);
                for (int i = from; i < to; i++) {
                    updates.add(new TokenUpdate(rows.ids[i], false, 0, 0, rows.spamHits[i], rows.innocentHits[i]));
                }
                // No control token's change: a shared store inserts these counters as they are
                target.apply(user, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY, updates, Optional.empty(),
                    LocalDate.ofEpochDay(day.getKey())));
                copied += updates.size();
            }
        }
        return copied;
    }

    /** One day's rows side by side (a dictionary of millions of rows, without an object per row). */
    private static final class DayRows {
        long[] ids = new long[64];
        long[] spamHits = new long[64];
        long[] innocentHits = new long[64];
        int count;

        void add(long id, long spam, long innocent) {
            if (count == ids.length) {
                ids = Arrays.copyOf(ids, count * 2);
                spamHits = Arrays.copyOf(spamHits, count * 2);
                innocentHits = Arrays.copyOf(innocentHits, count * 2);
            }
            ids[count] = id;
            spamHits[count] = spam;
            innocentHits[count] = innocent;
            count++;
        }
    }
}
