package io.jamesdspam.attribute;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.jamesdspam.model.TrainingClass;

/**
 * Which recipients' copies of a mail were already trained, and as what (default name
 * {@code dspam.trained}): the guard that keeps autolearn to once per message and recipient,
 * whether it runs inline in the Dspam mailet or through {@code AutolearnSource} + DspamTrain.
 * Value: recipient address → {@code spam}/{@code innocent}.
 */
public final class DspamTrainingAttribute {
    public static final String DEFAULT_NAME = "dspam.trained";

    private final AttributeName name;

    public DspamTrainingAttribute(AttributeName name) {
        this.name = name;
    }

    public static DspamTrainingAttribute defaultName() {
        return new DspamTrainingAttribute(AttributeName.of(DEFAULT_NAME));
    }

    public AttributeName name() {
        return name;
    }

    public void record(Mail mail, MailAddress recipient, TrainingClass trainingClass) {
        Map<String, AttributeValue<?>> trained = new LinkedHashMap<>(raw(mail));
        trained.put(recipient.asString(), AttributeValue.of(trainingClass.optionValue()));
        mail.setAttribute(new Attribute(name, AttributeValue.of(trained)));
    }

    public Optional<TrainingClass> read(Mail mail, MailAddress recipient) {
        return Optional.ofNullable(raw(mail).get(recipient.asString()))
            .map(AttributeValue::value)
            .filter(String.class::isInstance)
            .flatMap(value -> {
                try {
                    return Optional.of(TrainingClass.parse((String) value));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            });
    }

    public boolean isTrained(Mail mail, MailAddress recipient) {
        return raw(mail).containsKey(recipient.asString());
    }

    @SuppressWarnings("unchecked")
    private Map<String, AttributeValue<?>> raw(Mail mail) {
        return mail.getAttribute(name)
            .map(Attribute::getValue)
            .map(AttributeValue::value)
            .filter(Map.class::isInstance)
            .map(value -> (Map<String, AttributeValue<?>>) value)
            .orElse(Map.of());
    }
}
