package io.jamesdspam.mailet.smtp;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.mailet.classify.MessageBytes;
import io.jamesdspam.mailet.mime.MimeNesting;

/**
 * Refuses at DATA ({@code 554 5.6.0}) a mail whose MIME parts nest deeper than {@code maxDepth}
 * levels (default {@value #DEFAULT_MAX_DEPTH}), before James accepts it:
 *
 * <pre>{@code
 * <handler class="io.jamesdspam.mailet.smtp.MimeDepthHook">
 *     <maxDepth>100</maxDepth>
 * </handler>
 * }</pre>
 *
 * <p>Why: James 3.8.1 lists a message's attachments when it stores it in a mailbox, recursing once
 * per nesting level; a multipart nested 2,000 deep overflows the stack of the spool thread
 * delivering it, and that thread never delivers anything again (issue 15's probe, reproduced by
 * the reliability suite's {@code SmtpFuzzWithoutDspamIT}). Such a mail is never legitimate —
 * real mail nests a handful of levels — and refusing it during the SMTP session leaves it with
 * its sender instead of losing it inside James. A mail the hook cannot read passes.
 */
public class MimeDepthHook implements JamesMessageHook, ProtocolHandler {
    static final int DEFAULT_MAX_DEPTH = 100;
    private static final Logger LOGGER = LoggerFactory.getLogger(MimeDepthHook.class);

    private int maxDepth = DEFAULT_MAX_DEPTH;

    @Inject
    public MimeDepthHook() {
    }

    @Override
    public void init(Configuration configuration) throws ConfigurationException {
        String value = configuration.getString("maxDepth", Integer.toString(DEFAULT_MAX_DEPTH)).trim();
        try {
            maxDepth = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigurationException("MimeDepthHook: maxDepth '" + value + "' is not a whole number", e);
        }
        if (maxDepth < 1) {
            throw new ConfigurationException("MimeDepthHook: maxDepth must be at least 1, not " + maxDepth);
        }
    }

    int maxDepth() {
        return maxDepth;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        return MessageBytes.readable(mail)
            .filter(bytes -> MimeNesting.depth(bytes, maxDepth) > maxDepth)
            .map(bytes -> refuse(mail))
            .orElse(HookResult.DECLINED);
    }

    private HookResult refuse(Mail mail) {
        LOGGER.info("Refusing mail {} at DATA: MIME parts nested deeper than {} levels", mail.getName(), maxDepth);
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode("554")
            .smtpDescription(DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.CONTENT_OTHER)
                + " MIME parts nested deeper than " + maxDepth + " levels")
            .build();
    }
}
