package io.jamesdspam.mailet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.configuration.DspamTrainSettings;
import io.jamesdspam.mailet.configuration.FailurePolicy;
import io.jamesdspam.mailet.metrics.DspamMetrics;
import io.jamesdspam.mailet.training.MailTrainer;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

/**
 * Trains DSPAM with the recipients' copies of a mail, for pipelines that route training
 * explicitly (typically after {@code AutolearnSource}). Train-on-error, once per message and
 * recipient, like the Dspam mailet's inline autolearn:
 * <ul>
 *   <li>{@code autolearn=spamassassin|spf|dnsrbl|any}: the class the first disagreeing source
 *       gives (with {@code autolearn.learnSpam}/{@code autolearn.learnHam});</li>
 *   <li>or {@code class=spam|innocent}: that class, e.g. for a spam-trap address.</li>
 * </ul>
 * A recipient DSPAM already put in that class is left alone. With the signature DSPAM gave the
 * error is reversed ({@code --source=error}); without one the message is learned as corpus.
 * {@code onFailure=throw} rethrows backend failures (default: logged and counted). The parameters
 * are those of {@link DspamTrainSettings}; any other stops James, named.
 */
public class DspamTrain extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamTrain.class);

    private final TimeBoundBackend backend;
    private final DspamConfiguration sharedConfiguration;
    private final DspamUserMapping userMapping;
    private final DspamMetrics metrics;

    private DspamTrainSettings settings;
    private MailTrainer trainer;
    private DspamResultAttribute attribute;

    @Inject
    public DspamTrain(TimeBoundBackend backend, DspamConfiguration configuration, DspamUserMapping userMapping,
                      MetricFactory metricFactory) {
        this.backend = backend;
        this.sharedConfiguration = configuration;
        this.userMapping = userMapping;
        this.metrics = new DspamMetrics(metricFactory);
    }

    @Override
    public void init() throws MessagingException {
        try {
            settings = DspamTrainSettings.from(sharedConfiguration, Dspam.parameters(this));
        } catch (IllegalArgumentException e) {
            throw new MessagingException(getMailetName() + ": " + e.getMessage(), e);
        }
        trainer = new MailTrainer(backend, settings.timeout(), metrics, DspamTrainingAttribute.defaultName());
        attribute = new DspamResultAttribute(settings.attributeName());
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Map<MailAddress, DspamUser> users = userMapping.usersFor(mail.getRecipients());
        for (MailAddress recipient : mail.getRecipients()) {
            DspamUser user = users.get(recipient);
            if (user == null || trainer.isTrained(mail, recipient)) {
                continue;
            }
            Optional<DspamResult> result = attribute.readResult(mail, recipient).filter(r -> r.user().equals(user));
            Optional<TrainingClass> wanted = wantedClass(mail, recipient, result);
            if (wanted.isEmpty() || result.map(r -> r.verdict().asTrainingClass() == wanted.get()).orElse(false)) {
                continue;
            }
            List<MailAddress> sameUser = users.entrySet().stream()
                .filter(e -> e.getValue().equals(user)).map(Map.Entry::getKey)
                .collect(Collectors.toList());
            Optional<Signature> signature = result.flatMap(DspamResult::signature);
            try {
                trainer.train(mail, user, sameUser, wanted.get(), signature, "DspamTrain " + getMailetName());
            } catch (DspamException e) {
                metrics.failed(e.kind());
                LOGGER.warn("Training mail {} for DSPAM user {} failed: {} {}", mail.getName(), user, e.kind(), e.getMessage());
                if (settings.failurePolicy() == FailurePolicy.THROW) {
                    throw new MessagingException("DSPAM training failed for mail " + mail.getName() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private Optional<TrainingClass> wantedClass(Mail mail, MailAddress recipient, Optional<DspamResult> result) {
        if (settings.fixedClass().isPresent()) {
            return settings.fixedClass();
        }
        return result.flatMap(r -> settings.autolearn().correction(mail, recipient, r))
            .map(AutolearnPolicy.Correction::trainingClass);
    }

    @Override
    public String getMailetInfo() {
        return "Trains DSPAM per recipient, once per message";
    }
}
