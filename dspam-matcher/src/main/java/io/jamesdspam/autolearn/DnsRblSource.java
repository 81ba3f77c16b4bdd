package io.jamesdspam.autolearn;

import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;

import io.jamesdspam.model.TrainingClass;

/**
 * A blocklisted connection as a spam signal, standing in for the qpsmtpd plugin's
 * {@code naughty}. James 3.8.1's {@code DNSRBLHandler} records a listed client only in the SMTP
 * session ({@code org.apache.james.smtpserver.rbl.blocklisted}); the project's
 * {@code DspamRejectHook} copies that flag onto the mail under the same name, which is what is
 * read here. Like naughty, it never teaches ham.
 */
public final class DnsRblSource implements LearningSource {
    public static final String NAME = "dnsrbl";
    public static final AttributeName BLOCKLISTED = AttributeName.of("org.apache.james.smtpserver.rbl.blocklisted");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<TrainingClass> opinion(Mail mail, MailAddress recipient) {
        boolean listed = AttributeUtils.getValueAndCastFromMail(mail, BLOCKLISTED, Boolean.class).orElse(false);
        return listed ? Optional.of(TrainingClass.SPAM) : Optional.empty();
    }
}
