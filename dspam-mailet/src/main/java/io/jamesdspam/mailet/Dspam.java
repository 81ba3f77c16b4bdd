package io.jamesdspam.mailet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.DspamTrainingAttribute;
import io.jamesdspam.autolearn.AutolearnPolicy;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.classify.Classification;
import io.jamesdspam.mailet.classify.InboundHeaders;
import io.jamesdspam.mailet.classify.MailClassifier;
import io.jamesdspam.mailet.classify.SmtpVerdicts;
import io.jamesdspam.mailet.classify.VerdictHeaders;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.configuration.DspamSettings;
import io.jamesdspam.mailet.configuration.FailurePolicy;
import io.jamesdspam.mailet.metrics.DspamMetrics;
import io.jamesdspam.mailet.training.MailTrainer;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;

/**
 * Classifies every mail with DSPAM, per recipient — the James port of the qpsmtpd {@code dspam}
 * plugin. Each local recipient's copy gets {@code X-DSPAM-Result} and {@code X-DSPAM-Signature}
 * (per-recipient headers), and the {@code dspam.result} attribute records every recipient's
 * verdict (or why there is none) for {@code IsDspamSpam} and other matchers. With
 * {@code autolearn} set, a verdict another filter contradicts is corrected at once, once per
 * message and recipient.
 *
 * <p>The backend and the user mapping come from {@code DspamModule} ({@code dspam.properties});
 * the mailet's parameters are those of {@link DspamSettings} ({@code mode}, {@code maxSize},
 * {@code skipAuthenticated}, {@code onFailure}, {@code timeout}, {@code autolearn},
 * {@code autolearn.learnSpam}, {@code autolearn.learnHam}, {@code attribute}), over the defaults
 * {@code dspam.properties} gives; any other parameter stops James, named.
 *
 * <pre>{@code
 * <mailet match="All" class="io.jamesdspam.mailet.Dspam">
 *     <autolearn>spamassassin</autolearn>
 * </mailet>
 * }</pre>
 */
public class Dspam extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(Dspam.class);

    private final TimeBoundBackend backend;
    private final DspamConfiguration sharedConfiguration;
    private final DspamUserMapping userMapping;
    private final DspamMetrics metrics;

    private DspamSettings settings;
    private MailClassifier classifier;
    private MailTrainer trainer;
    private DspamResultAttribute attribute;

    @Inject
    public Dspam(TimeBoundBackend backend, DspamConfiguration configuration, DspamUserMapping userMapping,
                 MetricFactory metricFactory) {
        this.backend = backend;
        this.sharedConfiguration = configuration;
        this.userMapping = userMapping;
        this.metrics = new DspamMetrics(metricFactory);
    }

    @Override
    public void init() throws MessagingException {
        try {
            settings = DspamSettings.from(sharedConfiguration, parameters(this));
        } catch (IllegalArgumentException e) {
            throw new MessagingException(getMailetName() + ": " + e.getMessage(), e);
        }
        classifier = new MailClassifier(backend, settings.classifier(), settings.timeout(), userMapping, metrics);
        trainer = new MailTrainer(backend, settings.timeout(), metrics, DspamTrainingAttribute.defaultName());
        attribute = new DspamResultAttribute(settings.classifier().attributeName());
        LOGGER.info("Dspam mailet {} using backend {}: {}", getMailetName(), backend.backendName(), settings);
    }

    /** A mailet's parameters as James hands them over. */
    static Map<String, String> parameters(GenericMailet mailet) {
        Map<String, String> parameters = new LinkedHashMap<>();
        mailet.getInitParameterNames().forEachRemaining(name -> parameters.put(name, mailet.getInitParameter(name)));
        return parameters;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<Classification> fromSmtp = SmtpVerdicts.take(mail, attribute);
        Classification classification;
        if (fromSmtp.isPresent()) {
            InboundHeaders.strip(mail.getMessage());
            classification = fromSmtp.get();
        } else {
            classification = classifier.classify(mail, this::isLocal);
        }
        classification.verdicts().forEach((recipient, verdict) -> verdict.result().ifPresentOrElse(
            result -> VerdictHeaders.add(mail, recipient, result),
            () -> VerdictHeaders.addUnclassified(mail, recipient, verdict)));
        autolearn(mail, classification, settings.autolearn());
        if (classification.failure().isPresent() && settings.failurePolicy() == FailurePolicy.THROW) {
            DspamException failure = classification.failure().get();
            throw new MessagingException("DSPAM failed for mail " + mail.getName() + ": " + failure.getMessage(), failure);
        }
    }

    private boolean isLocal(MailAddress recipient) {
        return getMailetContext().isLocalEmail(recipient);
    }

    private void autolearn(Mail mail, Classification classification, AutolearnPolicy policy) throws MessagingException {
        if (!policy.isEnabled()) {
            return;
        }
        for (Map.Entry<DspamUser, List<MailAddress>> entry : classification.recipientsByUser().entrySet()) {
            DspamUser user = entry.getKey();
            for (MailAddress recipient : entry.getValue()) {
                Optional<DspamResult> result = classification.resultFor(recipient);
                if (result.isEmpty() || trainer.isTrained(mail, recipient)) {
                    continue;
                }
                Optional<AutolearnPolicy.Correction> correction = policy.correction(mail, recipient, result.get());
                if (correction.isPresent()) {
                    try {
                        trainer.train(mail, user, entry.getValue(), correction.get().trainingClass(),
                            result.get().signature(), "autolearn from " + correction.get().source());
                    } catch (DspamException e) {
                        metrics.failed(e.kind());
                        LOGGER.warn("Autolearn of mail {} for DSPAM user {} failed: {} {}", mail.getName(), user,
                            e.kind(), e.getMessage());
                    }
                    break;
                }
            }
        }
    }

    @Override
    public String getMailetInfo() {
        return "DSPAM classification per recipient";
    }
}
