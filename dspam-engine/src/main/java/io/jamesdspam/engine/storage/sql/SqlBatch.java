package io.jamesdspam.engine.storage.sql;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.StoreBatch;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.engine.storage.TotalsAndTokens;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * One user's messages applied to the SQL store together ({@link StoreBatch}). Reads go to the
 * store (its node copy of the rows included; the totals once per batch, see {@link #totals}) and
 * get the batch's pending changes on top, computed
 * as the database will apply them: every row's changes folded into one ({@link RowChange}), the
 * totals as DSPAM's relative writes leave them ({@link MessageUpdate#relativelyAppliedTo}). So the
 * engine sees, for the n-th message, what it would read had the n − 1 before it been written, and
 * {@link #commit()} writes each row the batch touched once instead of once per message — corpus
 * training of a mail folder touches the same header and common-word rows in nearly every message.
 */
final class SqlBatch implements StoreBatch {
    /** Rows of one message, about (a batch of ten corpus messages changes ≈ 13,000: the table grows). */
    private static final int BATCH_ROWS = 2_048;
    private final SqlDspamStore store;
    private final DspamUser user;
    private final List<MessageUpdate> pending = new ArrayList<>();
    private final RowChanges rows = new RowChanges(BATCH_ROWS);
    private final Map<String, StoredSignature> signatures = new HashMap<>();
    /** The totals the store answered last and what the batch made of them: the pair {@link #loadAsOf} maps back. */
    private DspamTotals lastStoredTotals;
    private DspamTotals lastBatchTotals;

    SqlBatch(SqlDspamStore store, DspamUser user) {
        this.store = store;
        this.user = user;
    }

    private void checkUser(DspamUser asked) {
        if (!user.equals(asked)) {
            throw new IllegalArgumentException("A batch of " + user + " cannot read or write " + asked);
        }
    }

    /** The store's totals with the batch's messages applied, as the database will apply them. */
    private DspamTotals withPending(DspamTotals stored) {
        DspamTotals totals = stored;
        for (MessageUpdate update : pending) {
            if (update.totalsChanged()) {
                totals = update.relativelyAppliedTo(totals);
            }
        }
        lastStoredTotals = stored;
        lastBatchTotals = totals;
        return totals;
    }

    /** The store's rows with the batch's changes on them, as the database will leave them. */
    private TokenRows withPending(long[] tokenIds, TokenRows stored) {
        if (rows.isEmpty()) {
            return stored;
        }
        TokenRows result = new TokenRows(tokenIds.length);
        for (int i = 0; i < tokenIds.length; i++) {
            rows.of(tokenIds[i]).applyTo(result, i, stored.found(i), stored.spamHits(i), stored.innocentHits(i));
        }
        return result;
    }

    /**
     * The stored totals are read once, by the batch's first message: nothing of the batch is written
     * before its commit, and the engine holds the user's lock from the first read to the commit, so
     * on this node they cannot change meanwhile. (Another node's write in between is seen by the
     * next batch, as if it had come after this one; the writes being relative, none is lost.)
     */
    @Override
    public DspamTotals totals(DspamUser asked) {
        checkUser(asked);
        return withPending(lastStoredTotals != null ? lastStoredTotals : store.totals(user));
    }

    /** After the batch's first read, from the node's copy where it holds the rows: no round trip per message. */
    @Override
    public TotalsAndTokens loadWithTotals(DspamUser asked, long[] tokenIds) {
        checkUser(asked);
        if (lastStoredTotals != null) {
            Optional<TokenRows> copied = store.copiedAsOf(user, tokenIds, lastStoredTotals);
            if (copied.isPresent()) {
                return new TotalsAndTokens(withPending(lastStoredTotals), withPending(tokenIds, copied.get()));
            }
        }
        TotalsAndTokens stored = store.loadWithTotals(user, tokenIds);
        return new TotalsAndTokens(withPending(stored.totals()), withPending(tokenIds, stored.rows()));
    }

    @Override
    public TokenRows load(DspamUser asked, long[] tokenIds) {
        checkUser(asked);
        return withPending(tokenIds, store.load(user, tokenIds));
    }

    /** The store's copy is valid for the totals it answered, not for the batch's: asked with those. */
    @Override
    public TokenRows loadAsOf(DspamUser asked, long[] tokenIds, DspamTotals totals) {
        checkUser(asked);
        TokenRows stored = lastBatchTotals != null && lastBatchTotals.equals(totals)
            ? store.loadAsOf(user, tokenIds, lastStoredTotals) : store.load(user, tokenIds);
        return withPending(tokenIds, stored);
    }

    @Override
    public Map<Long, TokenStatistics> tokens(DspamUser asked, Collection<Long> tokenIds) {
        long[] ids = tokenIds.stream().mapToLong(Long::longValue).toArray();
        return load(asked, ids).asStatistics(ids, LocalDate.now());
    }

    @Override
    public void apply(DspamUser asked, MessageUpdate update) {
        checkUser(asked);
        if (update.isEmpty()) {
            return;
        }
        pending.add(update);
        rows.then(update);
        update.signature().ifPresent(signature -> signatures.put(signature.id(), signature));
    }

    @Override
    public void commit() {
        if (pending.isEmpty()) {
            return;
        }
        store.applyTogether(user, List.copyOf(pending), rows);
        pending.clear();
        rows.clear();
        signatures.clear();
    }

    @Override
    public int pendingMessages() {
        return pending.size();
    }

    @Override
    public boolean appliesOperationsOnce() {
        return store.appliesOperationsOnce();
    }

    @Override
    public Optional<StoredSignature> signature(DspamUser asked, String signatureId) {
        checkUser(asked);
        StoredSignature batched = signatures.get(signatureId);
        return batched != null ? Optional.of(batched) : store.signature(user, signatureId);
    }

    @Override
    public String signatureIdPrefix(DspamUser asked) {
        return store.signatureIdPrefix(asked);
    }

    @Override
    public int maximumSignatureIdLength() {
        return store.maximumSignatureIdLength();
    }

    /**
     * Yes, at the commit: a taken id (ids carry the second, the process and ten random digits, so in
     * practice never) fails the whole batch with {@link io.jamesdspam.engine.storage.SignatureIdTakenException},
     * nothing of it written, and the engine then writes its messages one by one, each drawing its id
     * again if refused. So no id is checked in a round trip of its own.
     */
    @Override
    public boolean refusesTakenSignatureIds() {
        return true;
    }

    @Override
    public List<DspamUser> users() {
        throw notInABatch("users");
    }

    @Override
    public void forEachToken(DspamUser asked, TokenVisitor visitor) {
        throw notInABatch("forEachToken");
    }

    @Override
    public long tokenCount(DspamUser asked) {
        throw notInABatch("tokenCount");
    }

    @Override
    public long purgeSignatures(DspamUser asked, LocalDate createdBefore) {
        throw notInABatch("purgeSignatures");
    }

    @Override
    public long purgeTokens(DspamUser asked, TokenFilter filter) {
        throw notInABatch("purgeTokens");
    }

    private static UnsupportedOperationException notInABatch(String what) {
        return new UnsupportedOperationException(what + " is not part of a batch of messages: ask the store");
    }
}
