package io.jamesdspam.engine.storage;

import java.io.Closeable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;

/**
 * Where the engine keeps each DSPAM user's data (docs/ENGINE-SPEC.md §3.1, §8, §10): totals, token
 * counters and signatures.
 *
 * <p>The shape is the one SQL drivers need: one batched read of all of a message's tokens, and
 * one atomic write per message ({@link #apply}) carrying both the loaded and the new counters so
 * that a store can write absolute values (exclusive owner, like DSPAM's hash driver) or relative
 * changes (a database shared with other writers).
 *
 * <p>The engine serialises calls per user (one message at a time per user); implementations must
 * be safe for calls on different users from different threads. A store failure is reported as
 * {@link DspamStoreException}; an {@link #apply} that fails must have changed nothing.
 */
public interface DspamStore extends Closeable {

    /** The user's totals; {@link DspamTotals#EMPTY} for a user never seen. */
    DspamTotals totals(DspamUser user);

    /**
     * The stored rows among {@code tokenIds} (unsigned 64-bit ids), in one batch. Ids with no row
     * are absent from the answer (the engine treats them as 0/0).
     */
    Map<Long, TokenStatistics> tokens(DspamUser user, Collection<Long> tokenIds);

    /**
     * The counters of a message's tokens, in one batch, aligned with {@code tokenIds}: what the
     * engine reads for every message. This default goes through {@link #tokens}; stores that keep
     * rows in memory answer it without building a row object per id.
     */
    default TokenRows load(DspamUser user, long[] tokenIds) {
        List<Long> ids = new ArrayList<>(tokenIds.length);
        for (long id : tokenIds) {
            ids.add(id);
        }
        Map<Long, TokenStatistics> stored = tokens(user, ids);
        TokenRows rows = new TokenRows(tokenIds.length);
        for (int i = 0; i < tokenIds.length; i++) {
            TokenStatistics row = stored.get(tokenIds[i]);
            if (row != null) {
                rows.set(i, row.spamHits(), row.innocentHits());
            }
        }
        return rows;
    }

    /**
     * The user's totals and the counters of a message's tokens (as {@link #load}), read together:
     * a store on a database server answers both in one round trip. This default reads them one
     * after the other.
     */
    default TotalsAndTokens loadWithTotals(DspamUser user, long[] tokenIds) {
        return new TotalsAndTokens(totals(user), load(user, tokenIds));
    }

    /**
     * Applies one message's changes atomically: the new totals, every dirty token and, when
     * present, the signature. Either all of it is durable when this returns, or none of it.
     */
    void apply(DspamUser user, MessageUpdate update);

    /**
     * Whether {@link #apply} keeps an update's {@link MessageUpdate#operationKey() operation key}
     * with it, in the same transaction, and refuses the same key for the same user again with
     * {@link OperationAlreadyAppliedException} (nothing applied). Stores that cannot keep keys
     * apply a keyed update as any other.
     */
    default boolean appliesOperationsOnce() {
        return false;
    }

    /**
     * A view of this store in which several messages of {@code user} are applied and then written
     * together, in one transaction ({@link StoreBatch}): what a store on a database server offers,
     * where a row changed by many messages of a batch is written once. Empty: the store writes each
     * message on its own (the engine then applies them one by one).
     */
    default Optional<StoreBatch> startBatch(DspamUser user) {
        return Optional.empty();
    }

    /** Whether {@link #startBatch} gives batches: what the engine tells callers that may send several messages at once. */
    default boolean writesBatches() {
        return false;
    }

    /** A stored signature by id. */
    Optional<StoredSignature> signature(DspamUser user, String signatureId);

    /** Whether a signature id is taken for this user (new ids are drawn until one is free, §8.2). */
    default boolean hasSignature(DspamUser user, String signatureId) {
        return signature(user, signatureId).isPresent();
    }

    /**
     * What every new signature id of the user starts with: nothing, or — a database whose DSPAM
     * writes {@code MySQLUIDInSignature}/{@code PgSQLUIDInSignature on} — the user's uid and a
     * comma (docs/ENGINE-SPEC.md §8.2), so that the id alone names the user, as that site's tools expect.
     */
    default String signatureIdPrefix(DspamUser user) {
        return "";
    }

    /**
     * The longest signature id the store keeps, prefix included: DSPAM's MySQL schema has 32
     * characters, which a uid prefix and a long process id together can pass.
     */
    default int maximumSignatureIdLength() {
        return Signature.MAX_LENGTH;
    }

    /**
     * Whether {@link #apply} itself refuses a signature whose id the user already has (a unique key
     * on the user and the id): it then fails with {@link SignatureIdTakenException}, having applied
     * nothing, and the engine draws a new id without asking {@link #hasSignature} first — one round
     * trip less per message where the store is a database server.
     */
    default boolean refusesTakenSignatureIds() {
        return false;
    }

    /**
     * The rows of {@code tokenIds} as of {@code totals}, which the caller read from this store for
     * the same message (its BNR patterns after its tokens, under the user's lock): a store that
     * keeps a copy of the rows valid for those totals answers from it without asking its database,
     * the rows the message's first read saw. This default reads them.
     */
    default TokenRows loadAsOf(DspamUser user, long[] tokenIds, DspamTotals totals) {
        return load(user, tokenIds);
    }

    /**
     * Visits every stored signature of the user, in no particular order: what a copy of the user
     * into another store takes along, so that messages tagged before the copy can still be
     * retrained by signature after it. This default is for views that cannot list them.
     */
    default void forEachSignature(DspamUser user, Consumer<StoredSignature> visitor) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot list signatures");
    }

    /** Number of stored signatures of the user. This default counts what {@link #forEachSignature} visits. */
    default long signatureCount(DspamUser user) {
        long[] count = {0};
        forEachSignature(user, signature -> count[0]++);
        return count[0];
    }

    /**
     * Gives everything stored for {@code from} (totals, token rows with their last-hit days,
     * signatures, preferences) to {@code to} in one step that cannot stop half-way, when {@code to}
     * holds nothing: a user directory renamed, a user's database rows given the other uid in one
     * transaction. What moving a user after James's rename does before it falls back to copying,
     * which takes time with the rows and, if it fails, leaves part of {@code from} in {@code to}.
     * The caller holds both users' locks. After it, {@code from} holds nothing.
     *
     * @return whether it was done; false, with nothing changed, when {@code to} holds something or
     *     when the store cannot do it in one step (this default), so that the caller copies
     */
    default boolean renameUser(DspamUser from, DspamUser to) {
        return false;
    }

    /**
     * Adds everything stored for {@code from} to what {@code to} holds and leaves {@code from} with
     * nothing, in one step that cannot stop half-way, as a copy that merges and then empties
     * {@code from} would: counters and totals summed, each row with the later of its two last-hit
     * days, {@code to}'s own signatures and preferences kept where both have the same id or name.
     * The caller holds both users' locks.
     *
     * @return the signatures given to {@code to}; empty, with nothing changed, when the store
     *     cannot do it in one step (this default), so that the caller copies
     */
    default OptionalLong mergeUser(DspamUser from, DspamUser to) {
        return OptionalLong.empty();
    }

    /**
     * Deletes everything stored for {@code user}: totals, token rows with their days, signatures,
     * own preferences. The caller holds the user's lock. This default empties the user
     * ({@link StoreCopy#empty}: a failure half-way leaves part of it, which deleting again
     * removes); the journal store drops the user's directory in one rename, a database its rows
     * in one transaction.
     */
    default void deleteUser(DspamUser user) {
        StoreCopy.empty(this, user);
    }

    /** Every user with stored data. */
    List<DspamUser> users();

    /** Visits every token row of the user (for dumps and purges), in no particular order. */
    void forEachToken(DspamUser user, TokenVisitor visitor);

    /** Number of token rows of the user. */
    long tokenCount(DspamUser user);

    /** Deletes the user's signatures created strictly before {@code createdBefore}; returns how many. */
    long purgeSignatures(DspamUser user, LocalDate createdBefore);

    /** Deletes the user's token rows the filter selects (purge rules of docs/ENGINE-SPEC.md §10.6); returns how many. */
    long purgeTokens(DspamUser user, TokenFilter filter);

    /**
     * Called after work that changed many rows at once: a purge that went through every user, a
     * copy of users into this store. A database store refreshes its planner's statistics of the
     * rows, as DSPAM's PostgreSQL {@code purge.sql} does after a purge (docs/ENGINE-SPEC.md §10.6);
     * must not fail the work, which is done.
     */
    default void refreshStatistics() {
    }

    @Override
    default void close() {
    }

    /** Receives token rows. */
    @FunctionalInterface
    interface TokenVisitor {
        void visit(long tokenId, TokenStatistics statistics);
    }

    /** Selects token rows to delete. */
    @FunctionalInterface
    interface TokenFilter {
        boolean matches(long tokenId, TokenStatistics statistics);
    }
}
