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

    public Diction.Entry entry() {
        return tokens.entry(index);
    }

    public long id() {
        return tokens.id(index);
    }

    public String name() {
        return entry().name();
    }

    public long loadedSpamHits() {
        return tokens.loadedSpamHits(index);
    }

    public long loadedInnocentHits() {
        return tokens.loadedInnocentHits(index);
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
        return entry() + " " + loadedSpamHits() + "/" + loadedInnocentHits() + " p=" + tokens.probability(index);
    }
}
