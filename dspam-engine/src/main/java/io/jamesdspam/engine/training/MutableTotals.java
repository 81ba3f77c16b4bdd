package io.jamesdspam.engine.training;

import io.jamesdspam.model.DspamTotals;

/** A user's totals while one message is trained (docs/ENGINE-SPEC.md §3.1), with DSPAM's floor-at-0 decrements. */
public final class MutableTotals {
    long spamLearned;
    long innocentLearned;
    long spamMisclassified;
    long innocentMisclassified;
    long spamCorpusfed;
    long innocentCorpusfed;
    long spamClassified;
    long innocentClassified;

    public MutableTotals(DspamTotals totals) {
        spamLearned = totals.spamLearned();
        innocentLearned = totals.innocentLearned();
        spamMisclassified = totals.spamMisclassified();
        innocentMisclassified = totals.innocentMisclassified();
        spamCorpusfed = totals.spamCorpusfed();
        innocentCorpusfed = totals.innocentCorpusfed();
        spamClassified = totals.spamClassified();
        innocentClassified = totals.innocentClassified();
    }

    static long decrement(long value) {
        return value > 0 ? value - 1 : 0;
    }

    public long spamLearned() {
        return spamLearned;
    }

    public long innocentLearned() {
        return innocentLearned;
    }

    /** The totals as written: negative values (impossible here, kept for safety) become 0 (§6.7). */
    public DspamTotals toTotals() {
        return new DspamTotals(Math.max(0, spamLearned), Math.max(0, innocentLearned),
            Math.max(0, spamMisclassified), Math.max(0, innocentMisclassified),
            Math.max(0, spamCorpusfed), Math.max(0, innocentCorpusfed),
            Math.max(0, spamClassified), Math.max(0, innocentClassified));
    }
}
