package io.jamesdspam.engine.group;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * A member of a merged group as the engine sees it (docs/ENGINE-SPEC.md §3.1, §11.3): totals and token
 * counters read as the sums of the member's and the group's, writes go to the member's own data
 * only. Works on any store — DSPAM's hash driver refuses merged groups (docs/reference/groups/README.md
 * §4.1), this does not.
 *
 * <p>Writes follow DSPAM's SQL drivers, where the reference merged run comes from (§6.7): a token
 * the member already has moves by the message's change; a token the member does not have yet is
 * created with 1 in each column whose summed counter is positive after the message (so it may be
 * created 1/1, ⚠ quirk 14); the member's totals are the summed totals minus the group's. Only
 * the per-token change of the full path is used: the hash driver's +5 inoculation rule and
 * occurrence counting carry through as that change, where SQL would apply its uniform control
 * delta (the group scenarios use neither).
 */
public final class MergedDspamStore implements DspamStore {
    private final DspamStore store;
    private final DspamUser group;

    public MergedDspamStore(DspamStore store, DspamUser group) {
        this.store = store;
        this.group = group;
    }

    @Override
    public DspamTotals totals(DspamUser user) {
        return store.totals(user).plus(store.totals(group));
    }

    @Override
    public Map<Long, TokenStatistics> tokens(DspamUser user, Collection<Long> tokenIds) {
        Map<Long, TokenStatistics> own = store.tokens(user, tokenIds);
        Map<Long, TokenStatistics> shared = store.tokens(group, tokenIds);
        Map<Long, TokenStatistics> summed = new HashMap<>(own);
        shared.forEach((id, row) -> summed.merge(id, row, (a, b) -> new TokenStatistics(a.spamHits() + b.spamHits(),
            a.innocentHits() + b.innocentHits(), a.lastHit().isAfter(b.lastHit()) ? a.lastHit() : b.lastHit())));
        return summed;
    }

    @Override
    public TokenRows load(DspamUser user, long[] tokenIds) {
        TokenRows own = store.load(user, tokenIds);
        TokenRows shared = store.load(group, tokenIds);
        TokenRows summed = new TokenRows(tokenIds.length);
        for (int i = 0; i < tokenIds.length; i++) {
            if (own.found(i) || shared.found(i)) {
                summed.set(i, own.spamHits(i) + shared.spamHits(i), own.innocentHits(i) + shared.innocentHits(i));
            }
        }
        return summed;
    }

    @Override
    public boolean appliesOperationsOnce() {
        return store.appliesOperationsOnce();
    }

    @Override
    public void apply(DspamUser user, MessageUpdate update) {
        DspamTotals groupTotals = store.totals(group);
        List<TokenUpdate> summed = update.tokens();
        long[] ids = new long[summed.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = summed.get(i).tokenId();
        }
        TokenRows own = store.load(user, ids);
        List<TokenUpdate> mine = new ArrayList<>(summed.size());
        for (int i = 0; i < ids.length; i++) {
            TokenUpdate token = summed.get(i);
            if (own.found(i)) {
                mine.add(new TokenUpdate(ids[i], true, own.spamHits(i), own.innocentHits(i),
                    Math.max(0, own.spamHits(i) + token.spamDelta()), Math.max(0, own.innocentHits(i) + token.innocentDelta())));
            } else {
                mine.add(new TokenUpdate(ids[i], false, 0, 0, token.spamHits() > 0 ? 1 : 0, token.innocentHits() > 0 ? 1 : 0));
            }
        }
        store.apply(user, new MessageUpdate(store.totals(user), minus(update.totals(), groupTotals), mine,
            update.signature(), update.today()).withOperationKey(update.operationKey()));
    }

    private static DspamTotals minus(DspamTotals a, DspamTotals b) {
        long[] x = a.asArray();
        long[] y = b.asArray();
        return new DspamTotals(Math.max(0, x[0] - y[0]), Math.max(0, x[1] - y[1]), Math.max(0, x[2] - y[2]),
            Math.max(0, x[3] - y[3]), Math.max(0, x[4] - y[4]), Math.max(0, x[5] - y[5]), Math.max(0, x[6] - y[6]),
            Math.max(0, x[7] - y[7]));
    }

    @Override
    public Optional<StoredSignature> signature(DspamUser user, String signatureId) {
        return store.signature(user, signatureId);
    }

    @Override
    public void forEachSignature(DspamUser user, Consumer<StoredSignature> visitor) {
        store.forEachSignature(user, visitor);
    }

    @Override
    public boolean hasSignature(DspamUser user, String signatureId) {
        return store.hasSignature(user, signatureId);
    }

    @Override
    public String signatureIdPrefix(DspamUser user) {
        return store.signatureIdPrefix(user);
    }

    @Override
    public int maximumSignatureIdLength() {
        return store.maximumSignatureIdLength();
    }

    @Override
    public boolean refusesTakenSignatureIds() {
        return store.refusesTakenSignatureIds();
    }

    @Override
    public List<DspamUser> users() {
        return store.users();
    }

    @Override
    public void forEachToken(DspamUser user, TokenVisitor visitor) {
        store.forEachToken(user, visitor);
    }

    @Override
    public long tokenCount(DspamUser user) {
        return store.tokenCount(user);
    }

    @Override
    public long purgeSignatures(DspamUser user, LocalDate createdBefore) {
        return store.purgeSignatures(user, createdBefore);
    }

    @Override
    public long purgeTokens(DspamUser user, TokenFilter filter) {
        return store.purgeTokens(user, filter);
    }
}
