package io.jamesdspam.engine.statistics;

import io.jamesdspam.engine.tokenize.Diction;

/**
 * One token of a message, a view of its index in {@link MessageTokens}: for the few places that
 * hold on to tokens (the heap's items, recorded factors, explanations). Two views of the same
 * token are equal, so they serve as keys.
 */
public final class MessageToken {
    private final MessageTokens tokens;
    private final int index;

    MessageToken(MessageTokens tokens, int index) {
        this.tokens = tokens;
        this.index = index;
    }

    /** The token's index among its message's tokens (its diction entry's). */
    public int index() {
        return index;
    }

    public Diction.Entry entry() {
        return tokens.entry(index);
    }

    public long id() {
        return tokens.id(index);
    }

    public String name() {
        return entry().name();
    }

    public int frequency() {
        return tokens.frequency(index);
    }

    public boolean isPattern() {
        return tokens.isPattern(index);
    }

    public boolean existed() {
        return tokens.existed(index);
    }

    public long loadedSpamHits() {
        return tokens.loadedSpamHits(index);
    }

    public long loadedInnocentHits() {
        return tokens.loadedInnocentHits(index);
    }

    public long spamHits() {
        return tokens.spamHits(index);
    }

    public long innocentHits() {
        return tokens.innocentHits(index);
    }

    public double probability() {
        return tokens.probability(index);
    }

    public void probability(double value) {
        tokens.probability(index, value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageToken && ((MessageToken) other).tokens == tokens
            && ((MessageToken) other).index == index;
    }

    @Override
    public int hashCode() {
        return 31 * System.identityHashCode(tokens) + index;
    }

    @Override
    public String toString() {
        return entry() + " " + loadedSpamHits() + "/" + loadedInnocentHits() + " p=" + probability();
    }
}
