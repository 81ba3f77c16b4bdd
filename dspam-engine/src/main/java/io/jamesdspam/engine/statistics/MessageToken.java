package io.jamesdspam.engine.statistics;

import io.jamesdspam.engine.tokenize.Diction;

/**
 * One diction entry while a message is scored and trained: its counters as loaded from the store
 * and as updated in memory by training, and its probability (docs/ENGINE-SPEC.md §3).
 */
public final class MessageToken {
    private final Diction.Entry entry;
    private final boolean existed;
    private final long loadedSpamHits;
    private final long loadedInnocentHits;
    private long spamHits;
    private long innocentHits;
    private double probability;

    public MessageToken(Diction.Entry entry, boolean existed, long loadedSpamHits, long loadedInnocentHits) {
        this.entry = entry;
        this.existed = existed;
        this.loadedSpamHits = loadedSpamHits;
        this.loadedInnocentHits = loadedInnocentHits;
        this.spamHits = loadedSpamHits;
        this.innocentHits = loadedInnocentHits;
    }

    public Diction.Entry entry() {
        return entry;
    }

    public long id() {
        return entry.id();
    }

    public String name() {
        return entry.name();
    }

    public int frequency() {
        return entry.frequency();
    }

    public boolean isPattern() {
        return entry.type() == Diction.TYPE_BNR;
    }

    public boolean existed() {
        return existed;
    }

    public long loadedSpamHits() {
        return loadedSpamHits;
    }

    public long loadedInnocentHits() {
        return loadedInnocentHits;
    }

    public long spamHits() {
        return spamHits;
    }

    public long innocentHits() {
        return innocentHits;
    }

    public void spamHits(long value) {
        this.spamHits = value;
    }

    public void innocentHits(long value) {
        this.innocentHits = value;
    }

    public double probability() {
        return probability;
    }

    public void probability(double value) {
        this.probability = value;
    }

    @Override
    public String toString() {
        return entry + " " + loadedSpamHits + "/" + loadedInnocentHits + " p=" + probability;
    }
}
