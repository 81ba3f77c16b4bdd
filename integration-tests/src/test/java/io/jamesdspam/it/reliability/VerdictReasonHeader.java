package io.jamesdspam.it.reliability;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.RecipientVerdict;

/**
 * Test mailet: for every recipient DSPAM gave no verdict, adds {@value #HEADER}
 * ({@code status: reason} of the {@code dspam.result} attribute, on one line), so that a test
 * reading the mailbox over IMAP sees why a mail went through unclassified.
 */
public class VerdictReasonHeader extends GenericMailet {
    static final String HEADER = "X-Test-Dspam-Reason";
    private static final int MAX_LENGTH = 300;

    private final DspamResultAttribute attribute = DspamResultAttribute.defaultName();

    @Override
    public void service(Mail mail) throws MessagingException {
        boolean changed = false;
        for (RecipientVerdict verdict : attribute.readAll(mail).values()) {
            if (verdict.result().isEmpty()) {
                String why = (verdict.status().asString() + ": " + verdict.reason().orElse("no reason given"))
                    .replaceAll("[\\r\\n\\t]+", " ");
                mail.getMessage().addHeader(HEADER, why.length() > MAX_LENGTH ? why.substring(0, MAX_LENGTH) : why);
                changed = true;
            }
        }
        if (changed) {
            mail.getMessage().saveChanges();
        }
    }
}
