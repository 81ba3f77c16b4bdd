package io.jamesdspam.autolearn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;

import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.TrainingClass;

/**
 * Which sources may correct DSPAM, and the train-on-error rule of the qpsmtpd plugin: sources are
 * asked in a fixed order (dnsrbl, spf, spamassassin — the plugin's naughty, karma, spamassassin)
 * and the first one whose opinion <em>disagrees</em> with DSPAM's verdict decides the class to
 * train; a source that agrees, or has no opinion, hands over to the next. At most one
 * correction per message and recipient.
 */
public final class AutolearnPolicy {
    public static final String ANY = "any";
    public static final String NONE = "none";

    private final List<LearningSource> sources;

    private AutolearnPolicy(List<LearningSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public static AutolearnPolicy disabled() {
        return new AutolearnPolicy(List.of());
    }

    /**
     * Parses {@code none}, {@code any} or a comma list of {@code spamassassin}, {@code spf},
     * {@code dnsrbl}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static AutolearnPolicy parse(String value, SpamAssassinSource spamAssassin) {
        Set<String> names = new LinkedHashSet<>();
        for (String token : (value == null ? "" : value).split(",")) {
            String name = token.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        if (names.isEmpty() || names.equals(Set.of(NONE))) {
            return disabled();
        }
        Set<String> known = Set.of(ANY, DnsRblSource.NAME, SpfSource.NAME, SpamAssassinSource.NAME);
        for (String name : names) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown autolearn source '" + name
                    + "' (expected none, any, or a comma list of dnsrbl, spf, spamassassin)");
            }
        }
        boolean any = names.contains(ANY);
        List<LearningSource> sources = new ArrayList<>();
        if (any || names.contains(DnsRblSource.NAME)) {
            sources.add(new DnsRblSource());
        }
        if (any || names.contains(SpfSource.NAME)) {
            sources.add(new SpfSource());
        }
        if (any || names.contains(SpamAssassinSource.NAME)) {
            sources.add(spamAssassin);
        }
        return new AutolearnPolicy(sources);
    }

    public boolean isEnabled() {
        return !sources.isEmpty();
    }

    /**
     * The class to train for that recipient when a source disagrees with {@code dspamVerdict};
     * empty when every source agrees or has no opinion.
     */
    public Optional<Correction> correction(Mail mail, MailAddress recipient, DspamResult dspamVerdict) {
        TrainingClass dspamSays = dspamVerdict.verdict().asTrainingClass();
        for (LearningSource source : sources) {
            Optional<TrainingClass> opinion = source.opinion(mail, recipient);
            if (opinion.isPresent() && opinion.get() != dspamSays) {
                return Optional.of(new Correction(opinion.get(), source.name()));
            }
        }
        return Optional.empty();
    }

    public List<String> sourceNames() {
        return sources.stream().map(LearningSource::name).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return sources.isEmpty() ? NONE : String.join(",", sourceNames());
    }

    /** A source's disagreement: the class to train and who asked for it. */
    public static final class Correction {
        private final TrainingClass trainingClass;
        private final String source;

        public Correction(TrainingClass trainingClass, String source) {
            this.trainingClass = trainingClass;
            this.source = source;
        }

        public TrainingClass trainingClass() {
            return trainingClass;
        }

        public String source() {
            return source;
        }

        @Override
        public String toString() {
            return trainingClass.optionValue() + " (from " + source + ")";
        }
    }
}
