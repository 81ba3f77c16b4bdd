package io.jamesdspam.mailet.readiness;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.matcher.IsDspamSpam;

/**
 * {@link IsDspamSpam} that leaves out recipients whose DSPAM dictionary is not ready yet (see
 * {@link DspamReadiness}): their spam is only tagged, never filed or rejected. Same condition as
 * {@code IsDspamSpam}, plus optional {@code minSpam=N} and {@code minInnocent=N} (default 100
 * each), e.g. {@code match="io.jamesdspam.mailet.readiness.IsReadyDspamSpam=0.9,minSpam=50"}.
 *
 * <p>Lives beside the mailet module because the readiness needs the backend and the user
 * mapping, which the matcher module cannot see.
 */
public class IsReadyDspamSpam extends IsDspamSpam {
    static final String MIN_SPAM = "minSpam";
    static final String MIN_INNOCENT = "minInnocent";

    private final LearnedMessagesReadiness defaultReadiness;
    private final DspamUserMapping userMapping;
    private String baseCondition;
    private DspamReadiness readiness;

    @Inject
    public IsReadyDspamSpam(LearnedMessagesReadiness readiness, DspamUserMapping userMapping) {
        this.defaultReadiness = readiness;
        this.userMapping = userMapping;
    }

    @Override
    public void init() throws MessagingException {
        List<String> kept = new ArrayList<>();
        long minimumSpam = defaultReadiness.minimumSpam();
        long minimumInnocent = defaultReadiness.minimumInnocent();
        String condition = super.getCondition() == null ? "" : super.getCondition();
        for (String part : condition.split(",")) {
            String word = part.trim();
            if (word.startsWith(MIN_SPAM + "=")) {
                minimumSpam = minimum(word);
            } else if (word.startsWith(MIN_INNOCENT + "=")) {
                minimumInnocent = minimum(word);
            } else if (!word.isEmpty()) {
                kept.add(word);
            }
        }
        this.baseCondition = String.join(",", kept);
        this.readiness = defaultReadiness.withMinimums(minimumSpam, minimumInnocent);
        super.init();
    }

    private static long minimum(String word) throws MessagingException {
        String value = word.substring(word.indexOf('=') + 1).trim();
        try {
            long minimum = Long.parseLong(value);
            if (minimum < 0) {
                throw new NumberFormatException("negative");
            }
            return minimum;
        } catch (NumberFormatException e) {
            throw new MessagingException("IsReadyDspamSpam: '" + word + "' must be a non-negative whole number");
        }
    }

    /** The condition {@link IsDspamSpam} parses: without this matcher's own options. */
    @Override
    public String getCondition() {
        return baseCondition != null ? baseCondition : super.getCondition();
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return super.match(mail).stream()
            .filter(recipient -> userMapping.userFor(recipient).map(readiness::isReady).orElse(false))
            .collect(Collectors.toList());
    }

    @Override
    protected String describe() {
        return super.describe() + ", only for users whose dictionary is ready";
    }
}
