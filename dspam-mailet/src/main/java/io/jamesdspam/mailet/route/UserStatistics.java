package io.jamesdspam.mailet.route;

import java.util.Optional;

import io.jamesdspam.mailet.training.UndoneCorrections;
import io.jamesdspam.model.DspamTotals;

/**
 * One user's DSPAM figures as the statistics route shows them: DSPAM's totals, and what only
 * users' corrections can tell — false positives (innocent mail DSPAM called spam, IM), false
 * negatives (spam it missed, SM) — and the accuracy they imply over the messages DSPAM classified
 * itself (everything learned or classified, minus what was fed as corpus). Corrections a user moved
 * back (a misclick undone) are not errors: DSPAM's totals still count them, these figures do not.
 */
public final class UserStatistics {
    private final String user;
    private final String dspamUser;
    private final DspamTotals totals;
    private final UndoneCorrections undone;
    private final boolean ready;

    public UserStatistics(String user, String dspamUser, DspamTotals totals, UndoneCorrections undone, boolean ready) {
        this.user = user;
        this.dspamUser = dspamUser;
        this.totals = totals;
        this.undone = undone;
        this.ready = ready;
    }

    public String getUser() {
        return user;
    }

    public String getDspamUser() {
        return dspamUser;
    }

    public long getSpamLearned() {
        return totals.spamLearned();
    }

    public long getInnocentLearned() {
        return totals.innocentLearned();
    }

    public long getSpamMisclassified() {
        return totals.spamMisclassified();
    }

    public long getInnocentMisclassified() {
        return totals.innocentMisclassified();
    }

    public long getSpamCorpusfed() {
        return totals.spamCorpusfed();
    }

    public long getInnocentCorpusfed() {
        return totals.innocentCorpusfed();
    }

    public long getSpamClassified() {
        return totals.spamClassified();
    }

    public long getInnocentClassified() {
        return totals.innocentClassified();
    }

    /** Innocent messages users had to rescue from Spam (and did not move back). */
    public long getFalsePositives() {
        return Math.max(0, totals.innocentMisclassified() - undone.innocent());
    }

    /** Spam users had to move to Spam themselves (and did not move back). */
    public long getFalseNegatives() {
        return Math.max(0, totals.spamMisclassified() - undone.spam());
    }

    /** Corrections moved back: counted by DSPAM's own totals, not by the figures above. */
    public long getCorrectionsUndone() {
        return undone.spam() + undone.innocent();
    }

    /** Messages DSPAM classified on its own (error retraining moves a message between classes, it does not add one). */
    public long getMessagesClassified() {
        long total = totals.spamLearned() + totals.innocentLearned() + totals.spamClassified() + totals.innocentClassified()
            - totals.spamCorpusfed() - totals.innocentCorpusfed();
        return Math.max(0, total);
    }

    /** Share of classified messages nobody had to correct; empty before the first classification. */
    public Optional<Double> getAccuracy() {
        long classified = getMessagesClassified();
        if (classified == 0) {
            return Optional.empty();
        }
        long errors = getFalsePositives() + getFalseNegatives();
        return Optional.of(Math.max(0.0, (double) (classified - errors) / classified));
    }

    public boolean isReady() {
        return ready;
    }
}
