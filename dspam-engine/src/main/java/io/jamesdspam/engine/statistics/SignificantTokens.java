package io.jamesdspam.engine.statistics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * DSPAM's heap of the most interesting tokens (ENGINE-SPEC §3.4), reproduced with its quirk: a
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
        private final Complexity complexity;

        private Item(MessageToken token, double delta, double probability, int frequency, Complexity complexity) {
            this.token = token;
            this.delta = delta;
            this.probability = probability;
            this.frequency = frequency;
            this.complexity = complexity;
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
    }

    public void offer(MessageToken token) {
        double p = token.probability();
        float newDelta = (float) Math.abs(0.5 - p);
        int frequency = token.frequency();
        // The complexity only breaks exact ties (rare: a float distance against double ones), so it is
        // computed when one happens; building every token's name to count its words cost a tenth of a classification
        Complexity complexity = new Complexity(token);
        if (items.isEmpty() || !beats(newDelta, frequency, complexity, items.get(0))) {
            if (items.size() < capacity) {
                items.add(0, item(token, p, frequency, complexity));
            }
            return;
        }
        int last = 0;
        for (int i = 1; i < items.size(); i++) {
            if (beats(newDelta, frequency, complexity, items.get(i))) {
                last = i;
            }
        }
        items.add(last + 1, item(token, p, frequency, complexity));
        if (items.size() > capacity) {
            items.remove(0);
        }
    }

    private static Item item(MessageToken token, double p, int frequency, Complexity complexity) {
        return new Item(token, Math.abs(0.5 - p), p, frequency, complexity);
    }

    /** A token's word count, computed on first use. */
    private static final class Complexity {
        private final MessageToken token;
        private int value = -1;

        Complexity(MessageToken token) {
            this.token = token;
        }

        int value() {
            if (value < 0) {
                value = TokenComplexity.words(token.name());
            }
            return value;
        }
    }

    private static boolean beats(float delta, int frequency, Complexity complexity, Item held) {
        if (delta > held.delta) {
            return true;
        }
        if (delta == held.delta) {
            return frequency > held.frequency || (frequency == held.frequency && complexity.value() >= held.complexity.value());
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
