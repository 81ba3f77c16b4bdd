package io.jamesdspam.mailet.classify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.protocol.PeerText;

/**
 * The message as DSPAM reads it: its RFC 5322 bytes as they stand now (inbound X-DSPAM-* removed).
 *
 * <p>A James message whose body no mailet changed is read as its current header lines followed by
 * the body bytes it arrived with, the way James's own delivery reads it. {@code writeTo} would
 * first "save changes" once any header was touched (James's RemoveMimeHeader touches them for
 * every mail), which re-parses every part's Content-Type: slow, and fatal for a malformed one
 * such as {@code text/plain; ;;;} that James itself delivers without complaint.
 */
public final class MessageBytes {
    /** Skip reason (and counter suffix) of a mail JavaMail cannot write out. */
    public static final String UNREADABLE = "unreadable";
    private static final Logger LOGGER = LoggerFactory.getLogger(MessageBytes.class);
    private MessageBytes() {
    }

    /**
     * The bytes, or nothing when JavaMail cannot write the message out at all: a mail must never
     * fail because DSPAM cannot read it (the caller counts it as skipped, reason {@link #UNREADABLE}).
     */
    public static Optional<byte[]> readable(Mail mail) {
        try {
            return Optional.of(of(mail));
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("Mail {} cannot be read for DSPAM ({}); left unclassified and untrained", mail.getName(),
                PeerText.escape(e.toString()));
            return Optional.empty();
        }
    }

    private static byte[] of(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        try {
            if (message instanceof MimeMessageWrapper && !((MimeMessageWrapper) message).isBodyModified()) {
                try (InputStream in = ((MimeMessageWrapper) message).getMessageInputStream()) {
                    return in.readAllBytes();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, (int) Math.min(Integer.MAX_VALUE,
                Math.max(0, mail.getMessageSize()))));
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message of " + mail.getName(), e);
        }
    }
}
