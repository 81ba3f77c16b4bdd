package io.jamesdspam.engine.statistics;

import java.util.Arrays;
import java.util.function.Consumer;

import io.jamesdspam.engine.tokenize.Diction;

/**
 * The {@link MessageToken}s of one message, found by their diction entry's index: scoring,
 * noise reduction and training look tokens up thousands of times per message, which a map keyed
 * by boxed ids made a fifth of a classification. BNR patterns added to the diction later get
 * the next indexes and are {@link #add added} here.
 */
public final class MessageTokens {
    private final Diction diction;
    private MessageToken[] byIndex;
    private int size;

    public MessageTokens(Diction diction) {
        this.diction = diction;
        this.byIndex = new MessageToken[Math.max(16, diction.size())];
    }

    /** Adds the token of a diction entry not added yet. */
    public void add(MessageToken token) {
        int index = token.entry().index();
        if (index >= byIndex.length) {
            byIndex = Arrays.copyOf(byIndex, Math.max(index + 1, byIndex.length * 2));
        }
        if (byIndex[index] == null) {
            size++;
        }
        byIndex[index] = token;
    }

    /** The token of a diction entry. */
    public MessageToken get(Diction.Entry entry) {
        return at(entry.index());
    }

    /** The token of the diction entry whose {@link Diction.Entry#index() index} is {@code index}. */
    public MessageToken at(int index) {
        return index < byIndex.length ? byIndex[index] : null;
    }

    /** The token with this id, or null when the message has none. */
    public MessageToken byId(long id) {
        Diction.Entry entry = diction.get(id);
        return entry == null ? null : get(entry);
    }

    public int size() {
        return size;
    }

    /** Visits every token in diction emission order. */
    public void forEach(Consumer<MessageToken> visitor) {
        for (MessageToken token : byIndex) {
            if (token != null) {
                visitor.accept(token);
            }
        }
    }
}
