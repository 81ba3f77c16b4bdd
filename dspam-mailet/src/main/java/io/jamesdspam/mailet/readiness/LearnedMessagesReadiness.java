package io.jamesdspam.mailet.readiness;

import javax.inject.Inject;

import com.google.common.base.Preconditions;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamStatistics;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * Ready once what the user's classifications read has learned at least {@code minimumSpam} spam
 * and {@code minimumInnocent} innocent messages (DSPAM's totals SL and IL: corpus training and
 * corrections included): the user's own dictionary, or with DSPAM groups the shared group's
 * dictionary, or the user's and its merged group's together
 * ({@link DspamStatistics#readableTotals}) — a new user of a trained merged global group is
 * ready from its first mail. A backend that keeps no statistics here (a dspamd client) cannot be
 * asked; its users are taken as ready so that DSPAM's verdicts are acted on as configured.
 */
public final class LearnedMessagesReadiness implements DspamReadiness {
    /** DSPAM's TOE warm-up: 100 of each class. */
    public static final long DEFAULT_MINIMUM = 100;

    private final DspamBackend backend;
    private final long minimumSpam;
    private final long minimumInnocent;

    @Inject
    public LearnedMessagesReadiness(DspamBackend backend) {
        this(backend, DEFAULT_MINIMUM, DEFAULT_MINIMUM);
    }

    public LearnedMessagesReadiness(DspamBackend backend, long minimumSpam, long minimumInnocent) {
        Preconditions.checkArgument(minimumSpam >= 0, "minimum spam must not be negative");
        Preconditions.checkArgument(minimumInnocent >= 0, "minimum innocent must not be negative");
        this.backend = backend;
        this.minimumSpam = minimumSpam;
        this.minimumInnocent = minimumInnocent;
    }

    public LearnedMessagesReadiness withMinimums(long spam, long innocent) {
        return new LearnedMessagesReadiness(backend, spam, innocent);
    }

    @Override
    public boolean isReady(DspamUser user) {
        if (!(backend instanceof DspamStatistics)) {
            return true;
        }
        DspamTotals totals = ((DspamStatistics) backend).readableTotals(user);
        return totals.spamLearned() >= minimumSpam && totals.innocentLearned() >= minimumInnocent;
    }

    public long minimumSpam() {
        return minimumSpam;
    }

    public long minimumInnocent() {
        return minimumInnocent;
    }
}
