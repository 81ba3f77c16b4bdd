package io.jamesdspam.engine.tool;

import java.util.Locale;

import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * A user's totals in {@code dspam_stats}' two layouts (see {@code dspam_stats.txt} of docs/reference/dspam-reference.tar.gz):
 * the one-line summary and the {@code -H} form. The figures are DSPAM's: true positives are the
 * spam learned or classified minus the misses and the corpus-fed spam, true negatives likewise for
 * innocent; false positives and negatives are the reported errors; the training left counts down
 * from 2,500 innocent messages; a rate whose denominator is zero shows as 100%. Public for the
 * James side's admin command line (its {@code stats}), which shows the same figures.
 */
public final class StatsReport {
    private static final int TRAINING_TARGET = 2500;
    private static final int LONG_LINE = 40;
    private static final String LONG_INDENT = "        \t";

    private final String user;
    private final long truePositives;
    private final long trueNegatives;
    private final long falsePositives;
    private final long falseNegatives;
    private final long spamCorpusfed;
    private final long nonspamCorpusfed;
    private final long trainingLeft;

    public StatsReport(DspamUser user, DspamTotals totals) {
        this.user = user.asString();
        this.truePositives = Math.max(0, totals.spamLearned() + totals.spamClassified()
            - totals.spamMisclassified() - totals.spamCorpusfed());
        this.trueNegatives = Math.max(0, totals.innocentLearned() + totals.innocentClassified()
            - totals.innocentMisclassified() - totals.innocentCorpusfed());
        this.falsePositives = totals.innocentMisclassified();
        this.falseNegatives = totals.spamMisclassified();
        this.spamCorpusfed = totals.spamCorpusfed();
        this.nonspamCorpusfed = totals.innocentCorpusfed();
        this.trainingLeft = Math.max(0, TRAINING_TARGET - (totals.innocentLearned() + totals.innocentClassified()));
    }

    /** {@code dspam_stats USER}. */
    public String summaryLine() {
        return String.format(Locale.ROOT, "%-16s  TP:%6d TN:%6d FP:%6d FN:%6d SC:%6d NC:%6d", user,
            truePositives, trueNegatives, falsePositives, falseNegatives, spamCorpusfed, nonspamCorpusfed);
    }

    /** {@code dspam_stats -H USER}, every line ending in a newline. */
    public String longForm() {
        StringBuilder out = new StringBuilder(user).append(":\n");
        line(out, "TP True Positives:", Long.toString(truePositives));
        line(out, "TN True Negatives:", Long.toString(trueNegatives));
        line(out, "FP False Positives:", Long.toString(falsePositives));
        line(out, "FN False Negatives:", Long.toString(falseNegatives));
        line(out, "SC Spam Corpusfed:", Long.toString(spamCorpusfed));
        line(out, "NC Nonspam Corpusfed:", Long.toString(nonspamCorpusfed));
        line(out, "TL Training Left:", Long.toString(trainingLeft));
        // DSPAM prints this label without its colon.
        line(out, "SHR Spam Hit Rate", percent(truePositives, truePositives + falseNegatives));
        line(out, "HSR Ham Strike Rate:", percent(falsePositives, falsePositives + trueNegatives));
        line(out, "PPV Positive predictive value:", percent(truePositives, truePositives + falsePositives));
        line(out, "OCA Overall Accuracy:", percent(truePositives + trueNegatives,
            truePositives + trueNegatives + falsePositives + falseNegatives));
        return out.append("        \n").toString();
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(LONG_INDENT).append(label);
        for (int i = label.length() + value.length(); i < LONG_LINE; i++) {
            out.append(' ');
        }
        out.append(value).append('\n');
    }

    private static String percent(long part, long whole) {
        double value = whole == 0 ? 100.0 : 100.0 * part / whole;
        return DspamNumberFormat.twoDecimals(value) + "%";
    }
}
