package io.jamesdspam.autolearn;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;

/**
 * SpamAssassin's verdict as James records it: {@code Yes, hits=12.3 required=5.0}.
 *
 * <p>James 3.8.1's SpamAssassin mailet stores it per recipient as a specific header named
 * {@code org.apache.james.spamassassin.status}; its SMTP {@code SpamAssassinHandler} stores the
 * same value as a mail attribute of that name. The per-recipient value wins because the mailet
 * asks spamd with each recipient's own preferences.
 */
public final class SpamAssassinStatus {
    public static final String STATUS_NAME = "org.apache.james.spamassassin.status";
    private static final AttributeName STATUS_ATTRIBUTE = AttributeName.of(STATUS_NAME);
    private static final Pattern HITS = Pattern.compile("hits=(-?[0-9]+(?:\\.[0-9]+)?)");

    private final boolean spam;
    private final Optional<Double> hits;

    private SpamAssassinStatus(boolean spam, Optional<Double> hits) {
        this.spam = spam;
        this.hits = hits;
    }

    /** Parses a status value; empty when it is not one SpamAssassin wrote. */
    public static Optional<SpamAssassinStatus> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        boolean spam;
        if (trimmed.regionMatches(true, 0, "Yes", 0, 3)) {
            spam = true;
        } else if (trimmed.regionMatches(true, 0, "No", 0, 2)) {
            spam = false;
        } else {
            return Optional.empty();
        }
        Matcher matcher = HITS.matcher(trimmed);
        Optional<Double> hits = matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
        return Optional.of(new SpamAssassinStatus(spam, hits));
    }

    /** SpamAssassin's status for that recipient, per-recipient header first, then the mail attribute. */
    public static Optional<SpamAssassinStatus> of(Mail mail, MailAddress recipient) {
        Optional<SpamAssassinStatus> perRecipient = mail.getPerRecipientSpecificHeaders()
            .getHeadersForRecipient(recipient).stream()
            .filter(header -> header.getName().equalsIgnoreCase(STATUS_NAME))
            .map(PerRecipientHeaders.Header::getValue)
            .map(SpamAssassinStatus::parse)
            .flatMap(Optional::stream)
            .reduce((first, last) -> last);
        if (perRecipient.isPresent()) {
            return perRecipient;
        }
        return AttributeUtils.getValueAndCastFromMail(mail, STATUS_ATTRIBUTE, String.class)
            .flatMap(SpamAssassinStatus::parse);
    }

    /** SpamAssassin's own decision (score ≥ its required score). */
    public boolean isSpam() {
        return spam;
    }

    /** The score, when SpamAssassin gave one ({@code ?} when spamd could not be reached). */
    public Optional<Double> hits() {
        return hits;
    }

    @Override
    public String toString() {
        return (spam ? "Yes" : "No") + hits.map(h -> ", hits=" + h).orElse("");
    }
}
