package io.jamesdspam.matcher;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.autolearn.SpamAssassinStatus;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.Verdict;

/**
 * Matches the recipients whose DSPAM result (recorded by the Dspam mailet) is spam with a
 * confidence at least the threshold — what the qpsmtpd plugin's manual promises for
 * {@code reject <n>}; its code compared the probability instead and could never fire at its
 * default.
 *
 * <p>Condition, comma separated, every part optional:
 * <ul>
 *   <li>a number in [0, 1]: the minimum confidence (default 0: every spam verdict);</li>
 *   <li>DSPAM class names ({@code Spam}, {@code Virus}, {@code Blocklisted},
 *       {@code Blacklisted}): only those classes match (default: any class whose result is
 *       Spam);</li>
 *   <li>{@code agree}: the plugin's {@code reject agree} — also requires SpamAssassin, as James's
 *       SpamAssassin mailet recorded it for that recipient, to say spam; without a SpamAssassin
 *       result the recipient never matches;</li>
 *   <li>{@code attribute=NAME}: the result attribute (default {@code dspam.result}).</li>
 * </ul>
 * Example: {@code match="io.jamesdspam.matcher.IsDspamSpam=0.95,agree"}.
 */
public class IsDspamSpam extends GenericMatcher {
    static final String AGREE = "agree";
    private static final Set<DspamClass> SPAM_CLASSES =
        Set.of(DspamClass.SPAM, DspamClass.VIRUS, DspamClass.BLOCKLISTED, DspamClass.BLACKLISTED);

    private double minimumConfidence;
    private Set<DspamClass> classes;
    private boolean agree;
    private DspamResultAttribute attribute;
    private String matcherInfo;

    @Override
    public void init() throws MessagingException {
        ConditionTokens tokens = ConditionTokens.parse("IsDspamSpam", getCondition());
        Optional<Double> threshold = Optional.empty();
        Set<DspamClass> wantedClasses = new LinkedHashSet<>();
        boolean wantAgree = false;
        for (String word : tokens.words()) {
            if (word.equalsIgnoreCase(AGREE)) {
                wantAgree = true;
            } else if (Character.isDigit(word.charAt(0)) || word.charAt(0) == '.' || word.charAt(0) == '-') {
                if (threshold.isPresent()) {
                    throw new MessagingException("IsDspamSpam: two thresholds in condition '" + getCondition() + "'");
                }
                threshold = Optional.of(parseThreshold(word));
            } else {
                wantedClasses.add(parseClass(word));
            }
        }
        AttributeName attributeName = AttributeName.of(DspamResultAttribute.DEFAULT_NAME);
        for (Map.Entry<String, String> option : tokens.options().entrySet()) {
            if (!option.getKey().equals("attribute")) {
                throw new MessagingException("IsDspamSpam: unknown option '" + option.getKey()
                    + "' (expected attribute=NAME)");
            }
            attributeName = AttributeName.of(option.getValue());
        }
        this.minimumConfidence = threshold.orElse(0.0);
        this.classes = Set.copyOf(wantedClasses);
        this.agree = wantAgree;
        this.attribute = new DspamResultAttribute(attributeName);
        this.matcherInfo = describe();
    }

    private static double parseThreshold(String word) throws MessagingException {
        double value;
        try {
            value = Double.parseDouble(word);
        } catch (NumberFormatException e) {
            throw new MessagingException("IsDspamSpam: threshold '" + word + "' is not a number");
        }
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new MessagingException("IsDspamSpam: threshold '" + word + "' must be between 0 and 1 (a confidence)");
        }
        return value;
    }

    private static DspamClass parseClass(String word) throws MessagingException {
        DspamClass dspamClass = DspamClass.of(word);
        if (!SPAM_CLASSES.contains(dspamClass)) {
            throw new MessagingException("IsDspamSpam: '" + word + "' is not a spam class (expected one of "
                + SPAM_CLASSES.stream().map(DspamClass::asString).sorted().collect(Collectors.joining(", "))
                + ", a threshold, agree or attribute=NAME)");
        }
        return dspamClass;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return mail.getRecipients().stream()
            .filter(recipient -> attribute.readResult(mail, recipient).map(this::isSpamEnough).orElse(false))
            .filter(recipient -> !agree || spamAssassinSaysSpam(mail, recipient))
            .collect(Collectors.toList());
    }

    private boolean isSpamEnough(DspamResult result) {
        boolean classMatches = classes.isEmpty()
            ? result.verdict() == Verdict.SPAM
            : classes.contains(result.dspamClass());
        return classMatches && result.confidence() >= minimumConfidence;
    }

    private static boolean spamAssassinSaysSpam(Mail mail, MailAddress recipient) {
        return SpamAssassinStatus.of(mail, recipient).map(SpamAssassinStatus::isSpam).orElse(false);
    }

    /**
     * Built once by {@link #init()}: James asks for it on every mail the matcher sees (its
     * processors time each matcher under this name), and formatting the threshold each time was
     * a measurable share of the mailet container's work per mail.
     */
    @Override
    public final String getMatcherInfo() {
        return matcherInfo != null ? matcherInfo : describe();
    }

    /** What this matcher matches, for {@link #getMatcherInfo()}. */
    protected String describe() {
        return "Matches recipients DSPAM classified as spam" + (agree ? " when SpamAssassin agrees" : "")
            + " (confidence >= " + String.format(Locale.ROOT, "%.2f", minimumConfidence) + ")";
    }
}
