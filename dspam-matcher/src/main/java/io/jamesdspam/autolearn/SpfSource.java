package io.jamesdspam.autolearn;

import java.util.Locale;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;

import io.jamesdspam.model.TrainingClass;

/**
 * A hard SPF failure as a spam signal, standing in for the qpsmtpd plugin's {@code karma}: the
 * sender's domain says this host may not send its mail. Read from what James 3.8.1 leaves on the
 * mail: the {@code SPF} mailet's result attribute, or the text the SMTP {@code SPFHandler} stores
 * ({@code org.apache.james.spf.header}, starting with the result). A pass proves nothing about
 * content, so this source never teaches ham.
 */
public final class SpfSource implements LearningSource {
    public static final String NAME = "spf";
    public static final AttributeName SPF_MAILET_RESULT = AttributeName.of("org.apache.james.transport.mailets.spf.result");
    public static final AttributeName SPF_HANDLER_HEADER = AttributeName.of("org.apache.james.spf.header");
    private static final String FAIL = "fail";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<TrainingClass> opinion(Mail mail, MailAddress recipient) {
        boolean mailetSaysFail = AttributeUtils.getValueAndCastFromMail(mail, SPF_MAILET_RESULT, String.class)
            .map(result -> result.trim().equalsIgnoreCase(FAIL))
            .orElse(false);
        boolean handlerSaysFail = AttributeUtils.getValueAndCastFromMail(mail, SPF_HANDLER_HEADER, String.class)
            .map(header -> header.trim().toLowerCase(Locale.ROOT).startsWith(FAIL + " ")
                || header.trim().equalsIgnoreCase(FAIL))
            .orElse(false);
        return mailetSaysFail || handlerSaysFail ? Optional.of(TrainingClass.SPAM) : Optional.empty();
    }
}
