package io.jamesdspam.engine.storage;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.jamesdspam.model.DspamTotals;

/**
 * Everything one message changes for one user, applied by {@link DspamStore#apply} at once or
 * not at all: the totals (as loaded and as computed), every dirty token, and the signature to
 * store. {@code today} is the day written as {@code last_hit} / {@code created_on}.
 *
 * <p>The totals follow the same rule as the tokens: {@link #totals()} are absolute, already
 * clamped at 0; SQL stores may write {@code totals − loadedTotals} relatively, as DSPAM does
 * (docs/ENGINE-SPEC.md §6.7). The engine also says how DSPAM's control token moved ({@link #controlDelta()}),
 * the change DSPAM's SQL drivers add to every existing dirty row.
 */
public final class MessageUpdate {
    private final DspamTotals loadedTotals;
    private final DspamTotals totals;
    private final List<TokenUpdate> tokens;
    private final Optional<StoredSignature> signature;
    private final LocalDate today;
    private final Optional<ControlDelta> controlDelta;
    private final Optional<String> operationKey;

    public MessageUpdate(DspamTotals loadedTotals, DspamTotals totals, List<TokenUpdate> tokens,
                         Optional<StoredSignature> signature, LocalDate today) {
        this(loadedTotals, totals, tokens, signature, today, Optional.empty());
    }

    public MessageUpdate(DspamTotals loadedTotals, DspamTotals totals, List<TokenUpdate> tokens,
                         Optional<StoredSignature> signature, LocalDate today, Optional<ControlDelta> controlDelta) {
        this(loadedTotals, totals, tokens, signature, today, controlDelta, Optional.empty());
    }

    private MessageUpdate(DspamTotals loadedTotals, DspamTotals totals, List<TokenUpdate> tokens,
                          Optional<StoredSignature> signature, LocalDate today, Optional<ControlDelta> controlDelta,
                          Optional<String> operationKey) {
        this.operationKey = Objects.requireNonNull(operationKey, "operationKey");
        this.loadedTotals = Objects.requireNonNull(loadedTotals, "loadedTotals");
        this.totals = Objects.requireNonNull(totals, "totals");
        this.tokens = List.copyOf(tokens);
        this.signature = Objects.requireNonNull(signature, "signature");
        this.today = Objects.requireNonNull(today, "today");
        this.controlDelta = Objects.requireNonNull(controlDelta, "controlDelta");
    }

    /** This update with the control token's change the engine computed (ENGINE-SPEC §6.7). */
    public MessageUpdate withControlDelta(ControlDelta delta) {
        return new MessageUpdate(loadedTotals, totals, tokens, signature, today, Optional.of(delta), operationKey);
    }

    /**
     * This update, to be applied at most once for its user under {@code key} (a training the
     * caller named, see {@link DspamStore#appliesOperationsOnce()}); empty: as usual.
     */
    public MessageUpdate withOperationKey(Optional<String> key) {
        return new MessageUpdate(loadedTotals, totals, tokens, signature, today, controlDelta, key);
    }

    /** The key this update is applied once under, if the training was named. */
    public Optional<String> operationKey() {
        return operationKey;
    }

    /**
     * The change DSPAM's SQL drivers apply to every existing dirty row; absent when the update was
     * not made by the engine (a store then uses each token's own {@link TokenUpdate#spamDelta()}).
     */
    public Optional<ControlDelta> controlDelta() {
        return controlDelta;
    }

    /**
     * What a store shared with other writers adds to {@code token}'s existing row: the control
     * token's change, or the token's own when the update came without one.
     */
    public ControlDelta relativeChangeOf(TokenUpdate token) {
        return controlDelta.isPresent() ? controlDelta.get() : ControlDelta.of(token.spamDelta(), token.innocentDelta());
    }

    /**
     * The spam hits a shared store inserts for {@code token} when the user has no row for it:
     * DSPAM's 0/1 for an update the engine made (its SQL drivers insert 1 for the class trained,
     * §6.7), else the token's own counters — an update made elsewhere (a copy of another store's
     * rows) says what the row holds.
     */
    public long insertedSpamHits(TokenUpdate token) {
        return controlDelta.isPresent() ? Math.min(1, token.spamHits()) : token.spamHits();
    }

    /** The innocent hits a shared store inserts for {@code token}, as {@link #insertedSpamHits}. */
    public long insertedInnocentHits(TokenUpdate token) {
        return controlDelta.isPresent() ? Math.min(1, token.innocentHits()) : token.innocentHits();
    }

    /**
     * The totals a shared store's relative write of this update leaves on a row that held
     * {@code stored}: each counter plus its change, floored at 0 (DSPAM's SQL writes, §6.7).
     */
    public DspamTotals relativelyAppliedTo(DspamTotals stored) {
        long[] base = stored.asArray();
        long[] from = loadedTotals.asArray();
        long[] to = totals.asArray();
        long[] after = new long[base.length];
        for (int i = 0; i < base.length; i++) {
            after[i] = Math.max(0, base[i] + to[i] - from[i]);
        }
        return new DspamTotals(after[0], after[1], after[2], after[3], after[4], after[5], after[6], after[7]);
    }

    public DspamTotals loadedTotals() {
        return loadedTotals;
    }

    public DspamTotals totals() {
        return totals;
    }

    public boolean totalsChanged() {
        return !loadedTotals.equals(totals);
    }

    /** Dirty tokens, each once, in diction order. */
    public List<TokenUpdate> tokens() {
        return tokens;
    }

    public Optional<StoredSignature> signature() {
        return signature;
    }

    public LocalDate today() {
        return today;
    }

    /** Whether applying this update would change nothing. */
    public boolean isEmpty() {
        return !totalsChanged() && tokens.isEmpty() && signature.isEmpty();
    }

    @Override
    public String toString() {
        return "MessageUpdate{totals=" + totals + ", tokens=" + tokens.size()
            + ", signature=" + signature.map(StoredSignature::id).orElse("none") + "}";
    }
}
