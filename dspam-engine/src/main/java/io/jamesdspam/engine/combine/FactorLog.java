package io.jamesdspam.engine.combine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.jamesdspam.engine.statistics.MessageToken;

/**
 * The factors one combination rule records while it runs, in multiplication order (a token
 * counted twice is recorded twice). Only created when factors are asked for: the rules take
 * {@code null} otherwise and record nothing, so classification pays nothing for them.
 */
public final class FactorLog {
    private final List<RecordedFactor> factors = new ArrayList<>();

    void record(MessageToken token, double probability) {
        factors.add(new RecordedFactor(token, (float) probability));
    }

    public List<RecordedFactor> factors() {
        return Collections.unmodifiableList(factors);
    }
}
