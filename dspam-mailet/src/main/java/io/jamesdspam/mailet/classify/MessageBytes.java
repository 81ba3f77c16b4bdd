package io.jamesdspam.mailet.classify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;

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
    private MessageBytes() {
    }

    public static byte[] of(Mail mail) throws MessagingException {
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
