package io.jamesdspam.model;

import java.util.Arrays;

/**
 * A user's DSPAM totals (docs/ENGINE-SPEC.md §3.1), in DSPAM's order: learned, misclassified (errors
 * reported), corpus-fed and classified-only counts for spam and innocent.
 */
public final class DspamTotals {
    public static final DspamTotals EMPTY = new DspamTotals(0, 0, 0, 0, 0, 0, 0, 0);

    private final long spamLearned;
    private final long innocentLearned;
    private final long spamMisclassified;
    private final long innocentMisclassified;
    private final long spamCorpusfed;
    private final long innocentCorpusfed;
    private final long spamClassified;
    private final long innocentClassified;

    public DspamTotals(long spamLearned, long innocentLearned, long spamMisclassified, long innocentMisclassified,
                       long spamCorpusfed, long innocentCorpusfed, long spamClassified, long innocentClassified) {
        this.spamLearned = spamLearned;
        this.innocentLearned = innocentLearned;
        this.spamMisclassified = spamMisclassified;
        this.innocentMisclassified = innocentMisclassified;
        this.spamCorpusfed = spamCorpusfed;
        this.innocentCorpusfed = innocentCorpusfed;
        this.spamClassified = spamClassified;
        this.innocentClassified = innocentClassified;
    }

    /** SL: messages trained as spam. */
    public long spamLearned() {
        return spamLearned;
    }

    /** IL: messages trained as innocent. */
    public long innocentLearned() {
        return innocentLearned;
    }

    /** SM: spam that was missed and reported. */
    public long spamMisclassified() {
        return spamMisclassified;
    }

    /** IM: false positives reported. */
    public long innocentMisclassified() {
        return innocentMisclassified;
    }

    /** SCF: spam fed as corpus or inoculation. */
    public long spamCorpusfed() {
        return spamCorpusfed;
    }

    /** ICF: innocent fed as corpus. */
    public long innocentCorpusfed() {
        return innocentCorpusfed;
    }

    /** SC: spam classified only (TOE). */
    public long spamClassified() {
        return spamClassified;
    }

    /** IC: innocent classified only (TOE). */
    public long innocentClassified() {
        return innocentClassified;
    }

    /** The eight counters in DSPAM's order (SL, IL, SM, IM, SCF, ICF, SC, IC). */
    public long[] asArray() {
        return new long[] {spamLearned, innocentLearned, spamMisclassified, innocentMisclassified,
            spamCorpusfed, innocentCorpusfed, spamClassified, innocentClassified};
    }

    /** Each count added to {@code other}'s: a merged group's view of user and group, two dictionaries merged. */
    public DspamTotals plus(DspamTotals other) {
        return new DspamTotals(spamLearned + other.spamLearned, innocentLearned + other.innocentLearned,
            spamMisclassified + other.spamMisclassified, innocentMisclassified + other.innocentMisclassified,
            spamCorpusfed + other.spamCorpusfed, innocentCorpusfed + other.innocentCorpusfed,
            spamClassified + other.spamClassified, innocentClassified + other.innocentClassified);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DspamTotals && Arrays.equals(((DspamTotals) o).asArray(), asArray());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(asArray());
    }

    @Override
    public String toString() {
        return "DspamTotals{SL=" + spamLearned + ", IL=" + innocentLearned + ", SM=" + spamMisclassified
            + ", IM=" + innocentMisclassified + ", SCF=" + spamCorpusfed + ", ICF=" + innocentCorpusfed
            + ", SC=" + spamClassified + ", IC=" + innocentClassified + "}";
    }
}
