package io.jamesdspam.engine.training;

import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.Verdict;

/**
 * Training with the whole message (docs/ENGINE-SPEC.md §6.3): the totals rules and the per-token rules
 * for the final result R, in DSPAM's order.
 */
public final class FullTraining {
    private FullTraining() {
    }

    /** §6.3 totals table. {@code toeClassified} counters are applied by the caller's rule too. */
    public static void updateTotals(MutableTotals totals, Verdict result, TrainingCall call) {
        if (!call.classifyOnly()) {
            if (result == Verdict.SPAM) {
                if (!call.unlearn()) {
                    totals.spamLearned++;
                }
                if (call.isClass(TrainingClass.SPAM)) {
                    if (call.unlearn()) {
                        totals.spamLearned = MutableTotals.decrement(totals.spamLearned);
                    } else if (call.isSource(TrainingSource.CORPUS) || call.isSource(TrainingSource.INOCULATION)) {
                        totals.spamCorpusfed++;
                    } else if (call.isSource(TrainingSource.ERROR)) {
                        totals.spamMisclassified++;
                        if (call.correctsOpposite()) {
                            totals.innocentLearned = MutableTotals.decrement(totals.innocentLearned);
                        }
                    }
                }
            } else {
                if (!call.unlearn()) {
                    totals.innocentLearned++;
                }
                if (call.isSource(TrainingSource.CORPUS) || call.isSource(TrainingSource.INOCULATION)) {
                    totals.innocentCorpusfed++;
                } else if (call.isClass(TrainingClass.INNOCENT) && call.isSource(TrainingSource.ERROR)) {
                    if (call.unlearn()) {
                        totals.innocentLearned = MutableTotals.decrement(totals.innocentLearned);
                    } else {
                        totals.innocentMisclassified++;
                        if (call.correctsOpposite()) {
                            totals.spamLearned = MutableTotals.decrement(totals.spamLearned);
                        }
                    }
                }
            }
        }
        if (call.mode() == TrainingMode.TOE && call.classifyOnly()) {
            if (result == Verdict.SPAM) {
                totals.spamClassified++;
            } else {
                totals.innocentClassified++;
            }
        }
    }

    /** §6.3 token rules for one entry (every type); decrements floor at 0. */
    public static void updateToken(MessageTokens tokens, int token, Verdict result, TrainingCall call) {
        long d = call.occurrence() ? tokens.frequency(token) : 1;
        long sh = tokens.spamHits(token);
        long ih = tokens.innocentHits(token);
        if (result == Verdict.SPAM) {
            if (call.isSource(TrainingSource.INOCULATION)) {
                sh += (ih < 2 && sh < 5) ? 5 : 2;
            } else if (call.unlearn()) {
                if (call.isClass(TrainingClass.SPAM)) {
                    sh = Math.max(0, sh - d);
                }
            } else {
                sh += d;
            }
            if (call.isClass(TrainingClass.SPAM) && call.isSource(TrainingSource.ERROR) && !call.unlearn()
                && call.correctsOpposite()) {
                ih = Math.max(0, ih - d);
            }
        } else {
            if (call.unlearn()) {
                if (call.isClass(TrainingClass.INNOCENT)) {
                    ih = Math.max(0, ih - d);
                }
            } else {
                ih += d;
            }
            if (call.isClass(TrainingClass.INNOCENT) && call.isSource(TrainingSource.ERROR) && !call.unlearn()
                && call.correctsOpposite()) {
                sh = Math.max(0, sh - d);
            }
        }
        tokens.hits(token, sh, ih);
    }
}
