package io.jamesdspam.matcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.DspamTrainingAttribute;
import io.jamesdspam.autolearn.AutolearnPolicy;
import io.jamesdspam.autolearn.SpamAssassinSource;

/**
 * Matches the recipients whose DSPAM verdict another filter contradicts, and that were not
 * trained yet: the mail to hand to {@code DspamTrain} in pipelines that route autolearn
 * explicitly instead of using the Dspam mailet's inline {@code autolearn} parameter.
 *
 * <p>Condition, comma separated: the sources ({@code spamassassin}, {@code spf},
 * {@code dnsrbl}, or {@code any}; at least one), {@code learnSpam=12.0} and {@code learnHam=0.1}
 * (SpamAssassin's auto-learn thresholds), {@code attribute=NAME} (the result attribute).
 * Example: {@code match="io.jamesdspam.matcher.AutolearnSource=spamassassin,learnSpam=10"}.
 */
public class AutolearnSource extends GenericMatcher {
    private AutolearnPolicy policy;
    private DspamResultAttribute attribute;
    private String matcherInfo;
    private final DspamTrainingAttribute trained = DspamTrainingAttribute.defaultName();

    @Override
    public void init() throws MessagingException {
        ConditionTokens tokens = ConditionTokens.parse("AutolearnSource", getCondition());
        double learnSpam = SpamAssassinSource.DEFAULT_LEARN_SPAM_THRESHOLD;
        double learnHam = SpamAssassinSource.DEFAULT_LEARN_HAM_THRESHOLD;
        AttributeName attributeName = AttributeName.of(DspamResultAttribute.DEFAULT_NAME);
        for (Map.Entry<String, String> option : tokens.options().entrySet()) {
            switch (option.getKey()) {
                case "learnspam":
                    learnSpam = number(option.getKey(), option.getValue());
                    break;
                case "learnham":
                    learnHam = number(option.getKey(), option.getValue());
                    break;
                case "attribute":
                    attributeName = AttributeName.of(option.getValue());
                    break;
                default:
                    throw new MessagingException("AutolearnSource: unknown option '" + option.getKey()
                        + "' (expected learnSpam, learnHam or attribute)");
            }
        }
        List<String> sources = new ArrayList<>(tokens.words());
        try {
            this.policy = AutolearnPolicy.parse(String.join(",", sources), new SpamAssassinSource(learnSpam, learnHam));
        } catch (IllegalArgumentException e) {
            throw new MessagingException("AutolearnSource: " + e.getMessage(), e);
        }
        if (!policy.isEnabled()) {
            throw new MessagingException("AutolearnSource: name at least one source (spamassassin, spf, dnsrbl or any)");
        }
        this.attribute = new DspamResultAttribute(attributeName);
        this.matcherInfo = "Matches recipients whose DSPAM verdict is contradicted by " + policy;
    }

    private static double number(String key, String value) throws MessagingException {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new MessagingException("AutolearnSource: " + key + " '" + value + "' is not a number");
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream()
            .filter(recipient -> !trained.isTrained(mail, recipient))
            .filter(recipient -> attribute.readResult(mail, recipient)
                .flatMap(result -> policy.correction(mail, recipient, result))
                .isPresent())
            .collect(Collectors.toList());
    }

    /** Built once by {@link #init()}: James asks for it on every mail (see {@link IsDspamSpam#getMatcherInfo()}). */
    @Override
    public String getMatcherInfo() {
        return matcherInfo != null ? matcherInfo : "Matches recipients whose DSPAM verdict is contradicted by autolearn sources";
    }
}
