package io.jamesdspam.mailet.smtp;

import java.util.List;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

import io.jamesdspam.autolearn.SpamAssassinStatus;
import io.jamesdspam.mailet.classify.Classification;
import io.jamesdspam.mailet.configuration.RejectPolicy;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.Verdict;

/**
 * Whether a classified mail is refused at DATA. A refusal is for the whole transaction, so every
 * classified recipient must qualify (one recipient's dictionary calling it innocent keeps the
 * mail); recipients DSPAM did not classify do not count, and a mail nobody classified (skipped,
 * DSPAM down) is never refused.
 * <ul>
 *   <li>threshold: DSPAM says spam with a confidence at least the threshold (the plugin's manual;
 *       its code compared the probability and never fired at its default);</li>
 *   <li>agree: DSPAM says spam and so does SpamAssassin ({@code SpamAssassinHandler} earlier in
 *       the chain); without SpamAssassin's opinion the mail passes.</li>
 * </ul>
 */
final class RejectDecision {
    /** Why a mail is refused, for the reply. */
    enum Reason {
        DSPAM, AGREE
    }

    private RejectDecision() {
    }

    static Optional<Reason> decide(RejectPolicy policy, Mail mail, Classification classification) {
        if (policy.kind() == RejectPolicy.Kind.OFF) {
            return Optional.empty();
        }
        List<MailAddress> classified = List.copyOf(classification.users().keySet());
        boolean anyClassified = false;
        for (MailAddress recipient : classified) {
            Optional<DspamResult> result = classification.resultFor(recipient);
            if (result.isEmpty()) {
                continue;
            }
            anyClassified = true;
            if (!qualifies(policy, mail, recipient, result.get())) {
                return Optional.empty();
            }
        }
        if (!anyClassified) {
            return Optional.empty();
        }
        return Optional.of(policy.kind() == RejectPolicy.Kind.AGREE ? Reason.AGREE : Reason.DSPAM);
    }

    private static boolean qualifies(RejectPolicy policy, Mail mail, MailAddress recipient, DspamResult result) {
        if (result.verdict() != Verdict.SPAM) {
            return false;
        }
        if (policy.kind() == RejectPolicy.Kind.AGREE) {
            return SpamAssassinStatus.of(mail, recipient).map(SpamAssassinStatus::isSpam).orElse(false);
        }
        return result.confidence() >= policy.minimumConfidence().orElseThrow();
    }
}
