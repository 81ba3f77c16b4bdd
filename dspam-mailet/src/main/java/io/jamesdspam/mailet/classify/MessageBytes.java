package io.jamesdspam.mailet.classify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;

/** The message as DSPAM reads it: its RFC 5322 bytes as they stand now (inbound X-DSPAM-* removed). */
public final class MessageBytes {
    private MessageBytes() {
    }

    public static byte[] of(Mail mail) throws MessagingException {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, (int) Math.min(Integer.MAX_VALUE,
                Math.max(0, mail.getMessageSize()))));
            mail.getMessage().writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message of " + mail.getName(), e);
        }
    }
}
