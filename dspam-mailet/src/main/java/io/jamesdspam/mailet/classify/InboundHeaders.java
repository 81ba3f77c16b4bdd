package io.jamesdspam.mailet.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

/**
 * Removes every {@code X-DSPAM-*} header a message arrived with. A sender could otherwise plant
 * a signature of their choosing: once delivered, a user moving the mail to Spam would retrain
 * whatever that signature names. Only the headers this server adds may reach a mailbox.
 */
public final class InboundHeaders {
    public static final String DSPAM_HEADER_PREFIX = "x-dspam-";

    private InboundHeaders() {
    }

    /** Removes them; returns the names removed (empty when the message had none). */
    public static List<String> strip(MimeMessage message) throws MessagingException {
        Set<String> names = new LinkedHashSet<>();
        for (Header header : Collections.list(message.getAllHeaders())) {
            if (header.getName().toLowerCase(Locale.ROOT).startsWith(DSPAM_HEADER_PREFIX)) {
                names.add(header.getName());
            }
        }
        for (String name : names) {
            message.removeHeader(name);
        }
        return new ArrayList<>(names);
    }
}
