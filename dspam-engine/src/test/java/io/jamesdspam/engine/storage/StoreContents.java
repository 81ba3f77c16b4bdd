package io.jamesdspam.engine.storage;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * Everything a store holds of one user, as values that compare: totals, every token row with its
 * last-hit day, every signature with its bytes and creation day, the user's own preferences.
 */
public final class StoreContents {
    private final DspamTotals totals;
    private final Map<String, String> rows = new TreeMap<>();
    private final Map<String, String> signatures = new TreeMap<>();
    private final Map<String, String> preferences = new TreeMap<>();

    private StoreContents(DspamTotals totals) {
        this.totals = totals;
    }

    /** What a user the store holds nothing for shows. */
    public static StoreContents nothing() {
        return new StoreContents(DspamTotals.EMPTY);
    }

    public static StoreContents of(DspamStore store, DspamUser user) {
        StoreContents contents = new StoreContents(store.totals(user));
        store.forEachToken(user, (id, statistics) -> contents.rows.put(Long.toUnsignedString(id),
            statistics.spamHits() + "/" + statistics.innocentHits() + " " + statistics.lastHit()));
        store.forEachSignature(user, signature -> contents.signatures.put(signature.id(),
            Arrays.hashCode(signature.data()) + "/" + signature.length() + " " + signature.createdOn()));
        if (store instanceof PreferenceStore) {
            contents.preferences.putAll(((PreferenceStore) store).preferences(user).asMap());
        }
        return contents;
    }

    public DspamTotals totals() {
        return totals;
    }

    public int rowCount() {
        return rows.size();
    }

    public int signatureCount() {
        return signatures.size();
    }

    public Set<String> signatureIds() {
        return signatures.keySet();
    }

    /** The distinct last-hit days of the rows. */
    public long distinctDays() {
        return rows.values().stream().map(row -> row.substring(row.indexOf(' ') + 1)).distinct().count();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StoreContents)) {
            return false;
        }
        StoreContents that = (StoreContents) o;
        return totals.equals(that.totals) && rows.equals(that.rows) && signatures.equals(that.signatures)
            && preferences.equals(that.preferences);
    }

    @Override
    public int hashCode() {
        return Objects.hash(totals, rows, signatures, preferences);
    }

    @Override
    public String toString() {
        return "StoreContents{" + totals + ", " + rows.size() + " rows, " + signatures.size() + " signatures, preferences "
            + preferences + "}";
    }
}
