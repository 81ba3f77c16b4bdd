package io.jamesdspam.engine.training;

import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;

/** Retraining from a stored signature (docs/ENGINE-SPEC.md §6.5): totals and per-record rules. */
public final class SignatureTraining {
    private SignatureTraining() {
    }

    public static void updateTotals(MutableTotals totals, TrainingCall call) {
        TrainingClass trainingClass = call.classification().orElseThrow();
        boolean spam = trainingClass == TrainingClass.SPAM;
        if (call.unlearn()) {
            if (spam) {
                totals.spamLearned = MutableTotals.decrement(totals.spamLearned);
            } else {
                totals.innocentLearned = MutableTotals.decrement(totals.innocentLearned);
            }
        } else if (call.isSource(TrainingSource.ERROR)) {
            if (spam) {
                totals.spamMisclassified++;
                totals.spamLearned++;
                if (call.correctsOpposite()) {
                    totals.innocentLearned = MutableTotals.decrement(totals.innocentLearned);
                }
            } else {
                totals.innocentMisclassified++;
                totals.innocentLearned++;
                if (call.correctsOpposite()) {
                    totals.spamLearned = MutableTotals.decrement(totals.spamLearned);
                }
            }
        } else if (spam) {
            totals.spamCorpusfed++;
            totals.spamLearned++;
        } else {
            totals.innocentCorpusfed++;
            totals.innocentLearned++;
        }
    }

    /** One record; {@code d} is the record's frequency in occurrence mode, else 1. */
    public static void updateToken(MessageTokens tokens, int token, TrainingCall call) {
        long d = call.occurrence() ? tokens.frequency(token) : 1;
        long sh = tokens.spamHits(token);
        long ih = tokens.innocentHits(token);
        boolean spam = call.classification().orElseThrow() == TrainingClass.SPAM;
        boolean error = call.isSource(TrainingSource.ERROR);
        boolean inoculation = call.isSource(TrainingSource.INOCULATION);
        if (spam) {
            if (call.unlearn()) {
                sh = Math.max(0, sh - d);
            } else {
                if (error && call.correctsOpposite()) {
                    ih = Math.max(0, ih - d);
                }
                if (inoculation) {
                    sh += (ih < 2 && sh < 5) ? 5 : 2;
                } else {
                    sh += d;
                }
            }
        } else {
            if (call.unlearn()) {
                ih = Math.max(0, ih - d);
            } else {
                if (error && call.correctsOpposite()) {
                    sh = Math.max(0, sh - d);
                }
                if (inoculation) {
                    ih += (sh < 2 && ih < 5) ? 5 : 2;
                } else {
                    ih += d;
                }
            }
        }
        tokens.hits(token, sh, ih);
    }
}
