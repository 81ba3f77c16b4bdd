package io.jamesdspam.mailet.smtp;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.fastfail.DNSRBLHandler;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.autolearn.DnsRblSource;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.classify.Classification;
import io.jamesdspam.mailet.classify.MailClassifier;
import io.jamesdspam.mailet.classify.SmtpVerdicts;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.configuration.RejectHookSettings;
import io.jamesdspam.mailet.configuration.RejectType;
import io.jamesdspam.mailet.metrics.DspamMetrics;
import io.jamesdspam.mailet.user.DspamUserMapping;

/**
 * Classifies at DATA and refuses spam before James accepts it (the qpsmtpd plugin's
 * {@code reject} and {@code reject_type}), as a message hook of {@code smtpserver.xml}'s handler
 * chain, after {@code SpamAssassinHandler} when {@code reject=agree}:
 *
 * <pre>{@code
 * <handler class="io.jamesdspam.mailet.smtp.DspamRejectHook">
 *     <reject>0.95</reject>            <!-- off (default), agree, or a confidence in (0, 1] -->
 *     <rejectType>perm</rejectType>    <!-- perm (552), temp (452), disconnect, temp_disconnect -->
 * </handler>
 * }</pre>
 *
 * Same backend and user mapping as the Dspam mailet ({@code dspam.properties}); the handler's
 * own elements are those of {@link RejectHookSettings}, over the defaults {@code dspam.properties}
 * gives, and any other element stops James, named. The verdicts it records are reused by
 * the Dspam mailet in the spool instead of classifying again. Relayed and authenticated
 * sessions are not classified (unless {@code skipAuthenticated=false}). It also copies
 * {@code DNSRBLHandler}'s blocklisted flag, which James keeps only in the session, onto the mail
 * for the {@code dnsrbl} autolearn source. DSPAM failing never refuses a mail.
 */
public class DspamRejectHook implements JamesMessageHook, ProtocolHandler {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamRejectHook.class);
    static final String DSPAM_TEXT = "dspam says, no spam please";
    static final String AGREE_TEXT = "we agree, no spam please";

    private final TimeBoundBackend backend;
    private final DspamConfiguration sharedConfiguration;
    private final DspamUserMapping userMapping;
    private final DomainList domainList;
    private final RecipientRewriteTable recipientRewriteTable;
    private final DspamMetrics metrics;

    private RejectHookSettings settings;
    private MailClassifier classifier;

    @Inject
    public DspamRejectHook(TimeBoundBackend backend, DspamConfiguration configuration, DspamUserMapping userMapping,
                           DomainList domainList, RecipientRewriteTable recipientRewriteTable, MetricFactory metricFactory) {
        this.backend = backend;
        this.sharedConfiguration = configuration;
        this.userMapping = userMapping;
        this.domainList = domainList;
        this.recipientRewriteTable = recipientRewriteTable;
        this.metrics = new DspamMetrics(metricFactory);
        configure(RejectHookSettings.from(configuration, Map.of()));
    }

    @Override
    public void init(Configuration handlerConfiguration) throws ConfigurationException {
        Map<String, String> parameters = new LinkedHashMap<>();
        Iterator<String> keys = handlerConfiguration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.startsWith("[@")) {
                parameters.put(key, handlerConfiguration.getString(key));
            }
        }
        try {
            configure(RejectHookSettings.from(sharedConfiguration, parameters));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("DspamRejectHook: " + e.getMessage(), e);
        }
    }

    private void configure(RejectHookSettings newSettings) {
        this.settings = newSettings;
        this.classifier = new MailClassifier(backend, newSettings.classifier(), newSettings.timeout(),
            userMapping, metrics);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        copyBlocklistedFlag(session, mail);
        if (settings.classifier().skipAuthenticated() && (session.isRelayingAllowed() || session.getUsername() != null)) {
            return HookResult.DECLINED;
        }
        try {
            // Where the spool will deliver it, so that the Dspam mailet there finds every verdict
            Classification classification = classifier.classify(mail,
                RewrittenRecipients.of(recipientRewriteTable, mail.getRecipients()), this::isLocal);
            SmtpVerdicts.mark(mail);
            return RejectDecision.decide(settings.rejectPolicy(), mail, classification)
                .map(reason -> reject(mail, reason))
                .orElse(HookResult.DECLINED);
        } catch (MessagingException | RuntimeException e) {
            LOGGER.warn("DSPAM could not classify mail {} at SMTP time; the spool will try again", mail.getName(), e);
            return HookResult.DECLINED;
        }
    }

    private void copyBlocklistedFlag(SMTPSession session, Mail mail) {
        session.getAttachment(DNSRBLHandler.RBL_BLOCKLISTED, ProtocolSession.State.Connection)
            .filter(Boolean::booleanValue)
            .ifPresent(listed -> mail.setAttribute(new Attribute(DnsRblSource.BLOCKLISTED, AttributeValue.of(true))));
    }

    private boolean isLocal(MailAddress recipient) {
        try {
            return domainList.containsDomain(recipient.getDomain());
        } catch (DomainListException e) {
            throw new IllegalStateException("Cannot read the domain list", e);
        }
    }

    private HookResult reject(Mail mail, RejectDecision.Reason reason) {
        RejectType type = settings.rejectType();
        metrics.rejectedAtSmtp();
        LOGGER.info("Refusing mail {} from {} at DATA ({}, {})", mail.getName(), mail.getMaybeSender().asString(),
            reason == RejectDecision.Reason.AGREE ? "DSPAM and SpamAssassin agree" : "DSPAM spam verdict", type);
        return replyFor(type, reason);
    }

    static HookResult replyFor(RejectType type, RejectDecision.Reason reason) {
        HookReturnCode.Action action = type.isPermanent() ? HookReturnCode.Action.DENY : HookReturnCode.Action.DENYSOFT;
        HookReturnCode code = type.disconnects() ? HookReturnCode.disconnected(action) : HookReturnCode.connected(action);
        int dsnType = type.isPermanent() ? DSNStatus.PERMANENT : DSNStatus.TRANSIENT;
        String text = reason == RejectDecision.Reason.AGREE ? AGREE_TEXT : DSPAM_TEXT;
        return HookResult.builder()
            .hookReturnCode(code)
            .smtpReturnCode(type.isPermanent() ? "552" : "452")
            .smtpDescription(DSNStatus.getStatus(dsnType, DSNStatus.CONTENT_UNSUPPORTED) + " " + text)
            .build();
    }
}
