package io.jamesdspam.engine.storage;

import io.jamesdspam.model.DspamTotals;

/**
 * A user's totals and the rows of one message's tokens, read together by
 * {@link DspamStore#loadWithTotals}: what the engine needs before it scores a message.
 */
public final class TotalsAndTokens {
    private final DspamTotals totals;
    private final TokenRows rows;

    public TotalsAndTokens(DspamTotals totals, TokenRows rows) {
        this.totals = totals;
        this.rows = rows;
    }

    public DspamTotals totals() {
        return totals;
    }

    public TokenRows rows() {
        return rows;
    }
}
