package io.jamesdspam.attribute;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.Verdict;

/**
 * The mail attribute holding DSPAM's verdict per recipient (default name {@code dspam.result}).
 *
 * <p>Value: a map from recipient address to a map of plain, serialisable fields
 * ({@code status}, {@code class}, {@code result}, {@code probability}, {@code confidence},
 * {@code signature}, {@code user}, {@code reason}), so that it survives James's mail queues and
 * can be read by other mailets and by operators' own matchers without this library's classes.
 */
public final class DspamResultAttribute {
    public static final String DEFAULT_NAME = "dspam.result";

    static final String STATUS = "status";
    static final String CLASS = "class";
    static final String RESULT = "result";
    static final String PROBABILITY = "probability";
    static final String CONFIDENCE = "confidence";
    static final String SIGNATURE = "signature";
    static final String USER = "user";
    static final String REASON = "reason";

    private final AttributeName name;

    public DspamResultAttribute(AttributeName name) {
        this.name = name;
    }

    public static DspamResultAttribute defaultName() {
        return new DspamResultAttribute(AttributeName.of(DEFAULT_NAME));
    }

    public AttributeName name() {
        return name;
    }

    /** Records {@code verdict} for {@code recipient}, keeping what other recipients have. */
    public void write(Mail mail, MailAddress recipient, RecipientVerdict verdict) {
        Map<String, AttributeValue<?>> perRecipient = new LinkedHashMap<>(rawPerRecipient(mail));
        perRecipient.put(recipient.asString(), AttributeValue.of(encode(verdict)));
        mail.setAttribute(new Attribute(name, AttributeValue.of(perRecipient)));
    }

    /** Records the same verdict for every recipient of the mail. */
    public void writeAll(Mail mail, RecipientVerdict verdict) {
        mail.getRecipients().forEach(recipient -> write(mail, recipient, verdict));
    }

    public Optional<RecipientVerdict> read(Mail mail, MailAddress recipient) {
        AttributeValue<?> value = rawPerRecipient(mail).get(recipient.asString());
        if (value == null || !(value.value() instanceof Map)) {
            return Optional.empty();
        }
        return decode(asFieldMap(value.value()));
    }

    /** The classified result for that recipient, if DSPAM gave one. */
    public Optional<DspamResult> readResult(Mail mail, MailAddress recipient) {
        return read(mail, recipient).flatMap(RecipientVerdict::result);
    }

    public Map<String, RecipientVerdict> readAll(Mail mail) {
        Map<String, RecipientVerdict> verdicts = new LinkedHashMap<>();
        rawPerRecipient(mail).forEach((recipient, value) -> {
            if (value.value() instanceof Map) {
                decode(asFieldMap(value.value())).ifPresent(v -> verdicts.put(recipient, v));
            }
        });
        return verdicts;
    }

    private Map<String, AttributeValue<?>> rawPerRecipient(Mail mail) {
        return mail.getAttribute(name)
            .map(Attribute::getValue)
            .map(AttributeValue::value)
            .filter(Map.class::isInstance)
            .map(DspamResultAttribute::asFieldMap)
            .orElse(Map.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, AttributeValue<?>> asFieldMap(Object value) {
        return (Map<String, AttributeValue<?>>) value;
    }

    static Map<String, AttributeValue<?>> encode(RecipientVerdict verdict) {
        Map<String, AttributeValue<?>> fields = new HashMap<>();
        fields.put(STATUS, AttributeValue.of(verdict.status().asString()));
        verdict.result().ifPresent(result -> {
            fields.put(CLASS, AttributeValue.of(result.dspamClass().asString()));
            fields.put(RESULT, AttributeValue.of(result.verdict().wireName()));
            fields.put(PROBABILITY, AttributeValue.of(result.probability()));
            fields.put(CONFIDENCE, AttributeValue.of(result.confidence()));
            fields.put(SIGNATURE, AttributeValue.of(result.signatureHeaderValue()));
            fields.put(USER, AttributeValue.of(result.user().asString()));
        });
        verdict.reason().ifPresent(reason -> fields.put(REASON, AttributeValue.of(reason)));
        return fields;
    }

    static Optional<RecipientVerdict> decode(Map<String, AttributeValue<?>> fields) {
        try {
            RecipientVerdict.Status status = RecipientVerdict.Status.parse(string(fields, STATUS).orElseThrow());
            Optional<String> reason = string(fields, REASON);
            Optional<DspamResult> result = Optional.empty();
            if (status == RecipientVerdict.Status.CLASSIFIED) {
                result = Optional.of(DspamResult.builder()
                    .user(DspamUser.of(string(fields, USER).orElseThrow()))
                    .verdict(Verdict.parse(string(fields, RESULT).orElseThrow()))
                    .dspamClass(DspamClass.of(string(fields, CLASS).orElseThrow()))
                    .probability(number(fields, PROBABILITY))
                    .confidence(number(fields, CONFIDENCE))
                    .signature(Signature.parse(string(fields, SIGNATURE).orElse(Signature.NONE)))
                    .build());
            }
            return Optional.of(RecipientVerdict.of(status, result, reason));
        } catch (RuntimeException e) {
            // Written by something else than the Dspam mailet: not a verdict we can trust.
            return Optional.empty();
        }
    }

    private static Optional<String> string(Map<String, AttributeValue<?>> fields, String key) {
        return Optional.ofNullable(fields.get(key)).map(AttributeValue::value).filter(String.class::isInstance)
            .map(String.class::cast);
    }

    private static double number(Map<String, AttributeValue<?>> fields, String key) {
        Object value = Optional.ofNullable(fields.get(key)).map(AttributeValue::value)
            .orElseThrow(() -> new IllegalArgumentException("missing " + key));
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        return Double.parseDouble(value.toString());
    }
}
