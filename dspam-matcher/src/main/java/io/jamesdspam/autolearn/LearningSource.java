package io.jamesdspam.autolearn;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

import io.jamesdspam.model.TrainingClass;

/**
 * Another filter's opinion about one recipient's copy of a mail, read from what that filter
 * left on the mail. The qpsmtpd plugin's autolearn oracles (spamassassin, karma, naughty) become
 * sources reading James's own results. Only server-side state is read (mail attributes and
 * per-recipient headers set by mailets), never the message's own headers, which a sender writes.
 */
public interface LearningSource {

    /** The name used in {@code autolearn=...}. */
    String name();

    /** What this source thinks the recipient's copy is; empty when it has no (firm) opinion. */
    Optional<TrainingClass> opinion(Mail mail, MailAddress recipient);
}
