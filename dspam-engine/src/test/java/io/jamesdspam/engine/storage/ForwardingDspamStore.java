package io.jamesdspam.engine.storage;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * A store for tests that forwards what every store must answer to another one and leaves the
 * interface's defaults (the batched reads, the signature-id check…) as they are: a test overrides
 * the calls it watches or fails.
 */
public class ForwardingDspamStore implements DspamStore {
    private final DspamStore delegate;

    public ForwardingDspamStore(DspamStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public DspamTotals totals(DspamUser user) {
        return delegate.totals(user);
    }

    @Override
    public Map<Long, TokenStatistics> tokens(DspamUser user, Collection<Long> tokenIds) {
        return delegate.tokens(user, tokenIds);
    }

    @Override
    public void apply(DspamUser user, MessageUpdate update) {
        delegate.apply(user, update);
    }

    @Override
    public Optional<StoredSignature> signature(DspamUser user, String signatureId) {
        return delegate.signature(user, signatureId);
    }

    @Override
    public List<DspamUser> users() {
        return delegate.users();
    }

    @Override
    public void forEachToken(DspamUser user, TokenVisitor visitor) {
        delegate.forEachToken(user, visitor);
    }

    @Override
    public long tokenCount(DspamUser user) {
        return delegate.tokenCount(user);
    }

    @Override
    public long purgeSignatures(DspamUser user, LocalDate createdBefore) {
        return delegate.purgeSignatures(user, createdBefore);
    }

    @Override
    public long purgeTokens(DspamUser user, TokenFilter filter) {
        return delegate.purgeTokens(user, filter);
    }
}
