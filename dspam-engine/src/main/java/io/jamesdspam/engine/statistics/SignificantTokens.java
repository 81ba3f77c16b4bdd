package io.jamesdspam.engine.statistics;

import java.util.ArrayList;
import java.util.Collections;
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
    /** Least significant first. */
    private final List<Item> items = new ArrayList<>();

    public SignificantTokens(int capacity) {
        this.capacity = capacity;
    }

    /** One held token: its probability, frequency and complexity at the time it was offered. */
    public static final class Item {
        private final MessageToken token;
        private final double delta;
        private final double probability;
        private final int frequency;
        private int complexity = -1;

        private Item(MessageToken token, double delta, double probability, int frequency) {
            this.token = token;
            this.delta = delta;
            this.probability = probability;
            this.frequency = frequency;
        }

        public MessageToken token() {
            return token;
        }

        public double probability() {
            return probability;
        }

        public int frequency() {
            return frequency;
        }

        private int complexity() {
            if (complexity < 0) {
                complexity = TokenComplexity.words(token.entry().nameChars());
            }
            return complexity;
        }
    }

    public void offer(MessageToken token) {
        double p = token.probability();
        float newDelta = (float) Math.abs(0.5 - p);
        int frequency = token.frequency();
        // The complexity only breaks exact ties, so it is computed when one happens, on the name's bytes. Ties are
        // common (many tokens sit at the same clamped probability and frequency 1): building their names' strings
        // to count words cost several hundredths of a classification
        if (items.isEmpty() || !beats(newDelta, token, items.get(0))) {
            if (items.size() < capacity) {
                items.add(0, new Item(token, Math.abs(0.5 - p), p, frequency));
            }
            return;
        }
        int last = 0;
        for (int i = 1; i < items.size(); i++) {
            if (beats(newDelta, token, items.get(i))) {
                last = i;
            }
        }
        items.add(last + 1, new Item(token, Math.abs(0.5 - p), p, frequency));
        if (items.size() > capacity) {
            items.remove(0);
        }
    }

    private static boolean beats(float delta, MessageToken token, Item held) {
        if (delta > held.delta) {
            return true;
        }
        if (delta == held.delta) {
            int frequency = token.frequency();
            return frequency > held.frequency
                || (frequency == held.frequency && TokenComplexity.words(token.entry().nameChars()) >= held.complexity());
        }
        return false;
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
