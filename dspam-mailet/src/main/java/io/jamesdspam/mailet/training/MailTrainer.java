package io.jamesdspam.mailet.training;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.attribute.DspamTrainingAttribute;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.classify.MessageBytes;
import io.jamesdspam.mailet.metrics.DspamMetrics;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

/**
 * Trains one DSPAM user with one mail, at most once per message and recipient (recorded in the
 * {@code dspam.trained} attribute). The {@link SignatureOrMessage} rule decides how: with the
 * signature DSPAM just gave, the error is reversed as {@code --source=error} (what the qpsmtpd
 * plugin does); without one (classify mode, or no verdict), or when DSPAM no longer knows it, the
 * message itself is learned as a corpus message.
 */
public final class MailTrainer {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailTrainer.class);

    private final TimeBoundBackend backend;
    private final Duration timeout;
    private final DspamMetrics metrics;
    private final DspamTrainingAttribute trained;

    public MailTrainer(TimeBoundBackend backend, Duration timeout, DspamMetrics metrics, DspamTrainingAttribute trained) {
        this.backend = backend;
        this.timeout = timeout;
        this.metrics = metrics;
        this.trained = trained;
    }

    public boolean isTrained(Mail mail, MailAddress recipient) {
        return trained.isTrained(mail, recipient);
    }

    /**
     * Trains {@code user} as {@code trainingClass} and marks {@code recipients} (the recipients
     * sharing that user) as trained.
     *
     * @throws io.jamesdspam.api.DspamException when the backend fails; nothing is marked then (a
     *                                          timed-out call may still have learned: marking it
     *                                          trained could hide a correction that never happened)
     */
    public void train(Mail mail, DspamUser user, Collection<MailAddress> recipients, TrainingClass trainingClass,
                      Optional<Signature> signature, String why) throws MessagingException {
        Optional<TrainingRecord.Method> method = metrics.timeTraining(() -> SignatureOrMessage.learn(
            request -> backend.execute(request, timeout), user, trainingClass, signature, () -> MessageBytes.readable(mail)));
        if (method.isEmpty()) {
            // Nothing to learn from a message JavaMail cannot write out; the mail itself flows on
            metrics.skipped(MessageBytes.UNREADABLE);
            return;
        }
        recipients.forEach(recipient -> trained.record(mail, recipient, trainingClass));
        metrics.autolearned(trainingClass);
        LOGGER.info("Trained DSPAM user {} with mail {} as {} ({}, {})", user, mail.getName(),
            trainingClass.optionValue(), why, method.get() == TrainingRecord.Method.SIGNATURE
                ? "signature " + signature.get() : "whole message");
    }
}
