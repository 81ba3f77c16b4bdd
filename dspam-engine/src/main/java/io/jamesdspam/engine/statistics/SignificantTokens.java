package io.jamesdspam.engine.statistics;

import java.util.ArrayList;
import java.util.List;

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
    /*
     * The held items, least significant first, in an array of their own: a message of ≈ 1,400
     * tokens inserts ≈ 240 of them (among equal probabilities a later token beats the held ones, see
     * above), and an item allocated per insertion and a list shifted twice for each cost a few
     * hundredths of a classification. Once the heap is full the item it drops is reused for the
     * one it takes.
     */
    private final Item[] items;
    private int size;
    /*
     * The token being offered, as compared with the held items. Its complexity only breaks exact
     * ties, so it is computed when one happens, on the name's bytes, once per offer. Ties are
     * common (many tokens sit at the same clamped probability and frequency 1): building their
     * names' strings to count words cost several hundredths of a classification. Fields rather than
     * an object per offer: the compiler did not elide that allocation.
     */
    private float offeredDelta;
    private int offeredFrequency;
    private MessageTokens offeredTokens;
    private int offeredIndex;
    private int offeredComplexity;

    public SignificantTokens(int capacity) {
        this.capacity = capacity;
        items = new Item[capacity];
    }

    /**
     * One held token: its probability, frequency and complexity at the time it was offered. The
     * heap's own: an item it drops is reused for a later token, so read the items once the offers
     * are done.
     */
    public static final class Item {
        private MessageTokens tokens;
        private int index;
        private double delta;
        private double probability;
        private int frequency;
        private int complexity;

        private void hold(MessageTokens tokens, int index, double probability, int frequency, int complexity) {
            this.tokens = tokens;
            this.index = index;
            this.delta = Math.abs(0.5 - probability);
            this.probability = probability;
            this.frequency = frequency;
            this.complexity = complexity;
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
        offeredTokens = tokens;
        offeredIndex = index;
        offeredComplexity = -1;
        if (size == 0 || !offeredBeats(items[0])) {
            if (size < capacity) {
                // Below every held item: the new least significant one
                System.arraycopy(items, 0, items, 1, size);
                items[0] = held(new Item(), p);
                size++;
            }
            return;
        }
        // It goes above the last (most significant) item it beats: searched from the top, the first one found
        int last = size - 1;
        while (last > 0 && !offeredBeats(items[last])) {
            last--;
        }
        if (size < capacity) {
            System.arraycopy(items, last + 1, items, last + 2, size - last - 1);
            items[last + 1] = held(new Item(), p);
            size++;
        } else {
            // Full: the least significant item leaves, the ones up to the place move down one, the place takes it
            Item dropped = items[0];
            System.arraycopy(items, 1, items, 0, last);
            items[last] = held(dropped, p);
        }
    }

    private Item held(Item item, double probability) {
        item.hold(offeredTokens, offeredIndex, probability, offeredFrequency, offeredComplexity);
        return item;
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
            offeredComplexity = TokenComplexity.words(offeredTokens.entry(offeredIndex).nameChars());
        }
        return offeredComplexity;
    }

    /** The held tokens, most significant first. */
    public List<Item> mostSignificantFirst() {
        List<Item> ordered = new ArrayList<>(size);
        for (int i = size - 1; i >= 0; i--) {
            ordered.add(items[i]);
        }
        return ordered;
    }

    public int size() {
        return size;
    }
}
