package io.jamesdspam.engine.combine;

import io.jamesdspam.engine.statistics.MessageToken;

/**
 * One (token, value) pair a combination rule recorded as it multiplied the token in
 * (docs/ENGINE-SPEC.md §4.6 "Factors"): what {@code X-DSPAM-Factors} lists. The value is a float, as in
 * DSPAM: the token's own probability (possibly forced by a given class), never Robinson's
 * shrunk q nor chi-square's fw.
 */
public final class RecordedFactor {
    private final MessageToken token;
    private final float value;

    RecordedFactor(MessageToken token, float value) {
        this.token = token;
        this.value = value;
    }

    /** The diction entry with its loaded counters. */
    public MessageToken token() {
        return token;
    }

    /** The token's name, one char per byte as the tokenizer built it. */
    public String name() {
        return token.name();
    }

    public float value() {
        return value;
    }

    @Override
    public String toString() {
        return name() + "=" + value;
    }
}
