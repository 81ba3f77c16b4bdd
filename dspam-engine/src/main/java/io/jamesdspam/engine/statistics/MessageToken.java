package io.jamesdspam.engine.statistics;

import io.jamesdspam.engine.tokenize.Diction;

/**
 * One diction entry while a message is scored and trained: its counters as loaded from the store
 * and as updated in memory by training, and its probability (docs/ENGINE-SPEC.md §3).
 */
public final class MessageToken {
    private final Diction.Entry entry;
    /** The entry's id and type, copied: the training loop reads them for every token without reaching the entry. */
    private final long id;
    private final boolean pattern;
    private final boolean patternName;
    private final boolean existed;
    private final long loadedSpamHits;
    private final long loadedInnocentHits;
    /** The entry's frequency, copied: the heap and the training loop read it for every token. */
    private int frequency;
    private long spamHits;
    private long innocentHits;
    private double probability;

    public MessageToken(Diction.Entry entry, boolean existed, long loadedSpamHits, long loadedInnocentHits) {
        this.entry = entry;
        this.id = entry.id();
        this.pattern = entry.type() == Diction.TYPE_BNR;
        this.patternName = entry.hasPatternName();
        this.frequency = entry.frequency();
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
        return id;
    }

    public String name() {
        return entry.name();
    }

    public int frequency() {
        return frequency;
    }

    /** BNR's elimination (docs/ENGINE-SPEC.md §5): one emission less, for this token and its entry. */
    public void lowerFrequency() {
        frequency--;
        entry.setFrequency(frequency);
    }

    public boolean isPattern() {
        return pattern;
    }

    /** Whether its name begins as a BNR pattern's does, see {@link Diction.Entry#hasPatternName()}. */
    public boolean hasPatternName() {
        return patternName;
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
