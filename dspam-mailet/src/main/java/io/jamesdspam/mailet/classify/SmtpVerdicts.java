package io.jamesdspam.mailet.classify;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.model.DspamUser;

/**
 * Hands the SMTP hook's classification to the Dspam mailet so that a mail is not classified (and,
 * in process mode, learned) twice. The hook marks the mail with a server-side attribute; a
 * message's headers cannot set attributes, so a sender cannot forge a verdict this way. The
 * mailet takes the verdicts only when every recipient has one and none is a failure (a backend
 * that failed at SMTP time gets a second chance in the spool).
 */
public final class SmtpVerdicts {
    public static final AttributeName CLASSIFIED_AT_SMTP = AttributeName.of("dspam.smtp.classified");

    private SmtpVerdicts() {
    }

    public static void mark(Mail mail) {
        mail.setAttribute(new Attribute(CLASSIFIED_AT_SMTP, AttributeValue.of(true)));
    }

    /** The hook's classification, consumed (the mark is removed), when it can be reused. */
    public static Optional<Classification> take(Mail mail, DspamResultAttribute attribute) {
        boolean marked = AttributeUtils.getValueAndCastFromMail(mail, CLASSIFIED_AT_SMTP, Boolean.class).orElse(false);
        if (!marked) {
            return Optional.empty();
        }
        mail.removeAttribute(CLASSIFIED_AT_SMTP);
        Map<MailAddress, RecipientVerdict> verdicts = new LinkedHashMap<>();
        Map<MailAddress, DspamUser> users = new LinkedHashMap<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Optional<RecipientVerdict> verdict = attribute.read(mail, recipient);
            if (verdict.isEmpty() || verdict.get().status() == RecipientVerdict.Status.FAILED) {
                return Optional.empty();
            }
            verdicts.put(recipient, verdict.get());
            verdict.get().result().ifPresent(result -> users.put(recipient, result.user()));
        }
        return Optional.of(new Classification(verdicts, users, Optional.empty()));
    }
}
