package io.jamesdspam.mailet.classify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.logging.RepeatedFailures;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.configuration.ClassificationMode;
import io.jamesdspam.mailet.configuration.ClassifierSettings;
import io.jamesdspam.mailet.metrics.DspamMetrics;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.protocol.PeerText;

/**
 * Classifies one mail for each of its recipients, the part shared by the Dspam mailet and the
 * SMTP hook: removes inbound {@code X-DSPAM-*} headers, applies the skip rules (authenticated
 * sender, size, non-local recipient, unusable user name, a message JavaMail cannot write out; a
 * user DSPAM answers "not filtered", opted out, is recorded as skipped with DSPAM's reason),
 * asks the backend once for all DSPAM
 * users of the mail within the timeout, and records a verdict per recipient in the result
 * attribute. A backend failure never escapes: it becomes a {@code failed} verdict (and a
 * counter); the caller applies the failure policy.
 */
public final class MailClassifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailClassifier.class);

    static final String AUTHENTICATED = "authenticated-sender";
    static final String TOO_LARGE = "too-large";
    static final String NOT_LOCAL = "not-local";
    static final String INVALID_USER = "invalid-user";
    static final String OPTED_OUT = "opted-out";

    private final TimeBoundBackend backend;
    private final ClassifierSettings settings;
    private final Duration timeout;
    private final DspamUserMapping userMapping;
    private final DspamMetrics metrics;
    private final DspamResultAttribute attribute;
    private final RepeatedFailures failures = RepeatedFailures.everyMinute();

    public MailClassifier(TimeBoundBackend backend, ClassifierSettings settings, Duration timeout,
                          DspamUserMapping userMapping, DspamMetrics metrics) {
        this.backend = backend;
        this.settings = settings;
        this.timeout = timeout;
        this.userMapping = userMapping;
        this.metrics = metrics;
        this.attribute = new DspamResultAttribute(settings.attributeName());
    }

    public Classification classify(Mail mail, Predicate<MailAddress> isLocal) throws MessagingException {
        return classify(mail, mail.getRecipients(), isLocal);
    }

    /**
     * Classifies {@code mail} for {@code recipients} rather than its own: the SMTP hook passes the
     * addresses James's RecipientRewriteTable will deliver to, which the spool's mailet sees.
     */
    public Classification classify(Mail mail, Collection<MailAddress> recipients, Predicate<MailAddress> isLocal)
        throws MessagingException {
        List<String> forged = InboundHeaders.strip(mail.getMessage());
        if (!forged.isEmpty()) {
            LOGGER.info("Removed inbound headers {} from mail {}", PeerText.escape(forged.toString()), mail.getName());
        }
        Map<MailAddress, RecipientVerdict> verdicts = new LinkedHashMap<>();
        Map<MailAddress, DspamUser> users = new LinkedHashMap<>();
        Optional<DspamException> failure = Optional.empty();

        Optional<String> wholeMailSkip = wholeMailSkipReason(mail);
        if (wholeMailSkip.isPresent()) {
            metrics.skipped(wholeMailSkip.get());
            RecipientVerdict skipped = RecipientVerdict.skipped(describe(wholeMailSkip.get(), mail));
            recipients.forEach(recipient -> verdicts.put(recipient, skipped));
        } else {
            List<MailAddress> local = new ArrayList<>();
            for (MailAddress recipient : recipients) {
                if (isLocal.test(recipient)) {
                    local.add(recipient);
                } else {
                    metrics.skipped(NOT_LOCAL);
                    verdicts.put(recipient, RecipientVerdict.skipped("not a local recipient"));
                }
            }
            users.putAll(userMapping.usersFor(local));
            for (MailAddress recipient : local) {
                if (!users.containsKey(recipient)) {
                    metrics.skipped(INVALID_USER);
                    verdicts.put(recipient, RecipientVerdict.skipped("no valid DSPAM user for this address"));
                }
            }
            Optional<byte[]> message = users.isEmpty() ? Optional.empty() : MessageBytes.readable(mail);
            if (message.isEmpty() && !users.isEmpty()) {
                metrics.skipped(MessageBytes.UNREADABLE);
                users.keySet().forEach(recipient -> verdicts.put(recipient,
                    RecipientVerdict.skipped("message unreadable as MIME, delivered unclassified")));
            } else if (!users.isEmpty()) {
                try {
                    DspamResponse response = ask(message.get(), users);
                    users.forEach((recipient, user) -> verdicts.put(recipient, verdictOf(response, user)));
                } catch (DspamException e) {
                    logFailure(mail, e);
                    metrics.failed(e.kind());
                    failure = Optional.of(e);
                    RecipientVerdict failed = RecipientVerdict.failed(e.kind().name().toLowerCase(Locale.ROOT)
                        + ": " + e.getMessage());
                    users.keySet().forEach(recipient -> verdicts.put(recipient, failed));
                }
            }
        }
        recipients.forEach(recipient -> attribute.write(mail, recipient, verdicts.get(recipient)));
        return new Classification(verdicts, users, failure);
    }

    /** One line per kind of failure, then a counted line per minute while it lasts (a hung or full DSPAM fails every mail). */
    private void logFailure(Mail mail, DspamException e) {
        RepeatedFailures.Decision decision = failures.record(e.kind().name());
        if (decision.kind() == RepeatedFailures.Decision.Kind.FULL) {
            LOGGER.warn("DSPAM ({}) failed for mail {}: {} {}", backend.backendName(), mail.getName(), e.kind(), e.getMessage());
        } else if (decision.kind() == RepeatedFailures.Decision.Kind.SUMMARY) {
            LOGGER.warn("DSPAM ({}) failed for {} mails in the last {} s, delivered unclassified; latest {}: {} {}",
                backend.backendName(), decision.failures(), decision.since().toSeconds(), mail.getName(), e.kind(), e.getMessage());
        }
    }

    private Optional<String> wholeMailSkipReason(Mail mail) throws MessagingException {
        if (settings.skipAuthenticated() && mail.getAttribute(Mail.SMTP_AUTH_USER).isPresent()) {
            return Optional.of(AUTHENTICATED);
        }
        if (mail.getMessageSize() > settings.maxSize()) {
            return Optional.of(TOO_LARGE);
        }
        return Optional.empty();
    }

    private String describe(String reasonKey, Mail mail) throws MessagingException {
        if (reasonKey.equals(TOO_LARGE)) {
            return "message too large (" + mail.getMessageSize() + " > " + settings.maxSize() + " bytes)";
        }
        return "sender authenticated";
    }

    private DspamResponse ask(byte[] message, Map<MailAddress, DspamUser> users) {
        List<DspamUser> distinctUsers = new ArrayList<>(new LinkedHashSet<>(users.values()));
        DspamRequest request = settings.mode() == ClassificationMode.PROCESS
            ? DspamRequest.process(distinctUsers, message)
            : DspamRequest.classify(distinctUsers, message);
        return metrics.timeClassification(() -> backend.execute(request, timeout));
    }

    private RecipientVerdict verdictOf(DspamResponse response, DspamUser user) {
        Optional<UserOutcome> outcome = response.outcomeFor(user);
        if (outcome.isEmpty()) {
            metrics.failed(DspamException.Kind.PROTOCOL);
            return RecipientVerdict.failed("protocol: the backend answered nothing for " + user.asString());
        }
        if (outcome.get().isNotFiltered()) {
            // DSPAM's own decision (optOut=on, or Opt in without optIn): recorded as a skip with
            // the engine's words, so that it is never mistaken for a DSPAM failure
            metrics.skipped(OPTED_OUT);
            return RecipientVerdict.skipped(outcome.get().reason().orElseThrow());
        }
        return outcome.get().result()
            .map(result -> {
                metrics.classified(result.dspamClass());
                return RecipientVerdict.classified(result);
            })
            .orElseGet(() -> RecipientVerdict.notClassified(outcome.get().reason().orElse("no result")));
    }
}
