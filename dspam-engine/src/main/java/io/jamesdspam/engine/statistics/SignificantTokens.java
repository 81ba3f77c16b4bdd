package io.jamesdspam.engine.statistics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.jamesdspam.engine.tokenize.Diction;

/**
 * DSPAM's heap of the most interesting tokens (docs/ENGINE-SPEC.md §3.4), reproduced with its quirk: a
 * newcomer's distance from 0.5 is compared as a float32 against the double distances of the
 * tokens already held, so among equal probabilities a later token usually ranks higher.
 */
public final class SignificantTokens {
    /** Capacity when burton is configured ({@code BURTON_WINDOW_SIZE}). */
    public static final int BURTON_CAPACITY = 27;
    public static final int ROBINSON_CAPACITY = 25;
    public static final int DEFAULT_CAPACITY = 15;

    private final int capacity;
    /** Least significant first. */
    private final List<Item> items = new ArrayList<>();
    /*
     * The token being offered, as compared with the held items. Its complexity only breaks exact
     * ties, so it is computed when one happens, on the name's bytes, once per offer. Ties are
     * common (many tokens sit at the same clamped probability and frequency 1): building their
     * names' strings to count words cost several hundredths of a classification. Fields rather than
     * an object per offer: the compiler did not elide that allocation.
     */
    private float offeredDelta;
    private int offeredFrequency;
    private Diction.Entry offeredEntry;
    private int offeredComplexity;

    public SignificantTokens(int capacity) {
        this.capacity = capacity;
    }

    /** One held token: its probability, frequency and complexity at the time it was offered. */
    public static final class Item {
        private final MessageTokens tokens;
        private final int index;
        private final double delta;
        private final double probability;
        private final int frequency;
        private int complexity = -1;

        private Item(MessageTokens tokens, int index, double delta, double probability, int frequency) {
            this.tokens = tokens;
            this.index = index;
            this.delta = delta;
            this.probability = probability;
            this.frequency = frequency;
        }

        public MessageToken token() {
            return tokens.token(index);
        }

        public double probability() {
            return probability;
        }

        public int frequency() {
            return frequency;
        }

        private int complexity() {
            if (complexity < 0) {
                complexity = TokenComplexity.words(tokens.entry(index).nameChars());
            }
            return complexity;
        }
    }

    /** Offers the token at {@code index} of {@code tokens}, with its probability and frequency as they are now. */
    public void offer(MessageTokens tokens, int index) {
        double p = tokens.probability(index);
        offeredDelta = (float) Math.abs(0.5 - p);
        offeredFrequency = tokens.frequency(index);
        offeredEntry = tokens.entry(index);
        offeredComplexity = -1;
        if (items.isEmpty() || !offeredBeats(items.get(0))) {
            if (items.size() < capacity) {
                items.add(0, new Item(tokens, index, Math.abs(0.5 - p), p, offeredFrequency));
            }
            return;
        }
        // It goes above the last (most significant) item it beats: searched from the top, the first one found
        int last = items.size() - 1;
        while (last > 0 && !offeredBeats(items.get(last))) {
            last--;
        }
        items.add(last + 1, new Item(tokens, index, Math.abs(0.5 - p), p, offeredFrequency));
        if (items.size() > capacity) {
            items.remove(0);
        }
    }

    private boolean offeredBeats(Item held) {
        if (offeredDelta > held.delta) {
            return true;
        }
        if (offeredDelta == held.delta) {
            return offeredFrequency > held.frequency
                || (offeredFrequency == held.frequency && offeredComplexity() >= held.complexity());
        }
        return false;
    }

    private int offeredComplexity() {
        if (offeredComplexity < 0) {
            offeredComplexity = TokenComplexity.words(offeredEntry.nameChars());
        }
        return offeredComplexity;
    }

    /** The held tokens, most significant first. */
    public List<Item> mostSignificantFirst() {
        List<Item> ordered = new ArrayList<>(items);
        Collections.reverse(ordered);
        return ordered;
    }

    public int size() {
        return items.size();
    }
}
