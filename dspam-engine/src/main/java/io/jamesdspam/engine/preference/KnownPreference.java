package io.jamesdspam.engine.preference;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.jamesdspam.engine.config.ConfValues;

/**
 * The preferences DSPAM defines (docs/ENGINE-SPEC.md §11.2), with the values each accepts and whether it
 * changes classification or training here. The others only shape DSPAM's own delivery
 * (quarantine, subject tagging, notifications…): they are stored and listed, and have no effect
 * in James.
 */
public enum KnownPreference {
    TRAINING_MODE("trainingMode", Effect.CLASSIFICATION, Values.choice("TEFT", "TOE", "TUM", "NOTRAIN")),
    ENABLE_BNR("enableBNR", Effect.CLASSIFICATION, Values.ON_OFF),
    ENABLE_WHITELIST("enableWhitelist", Effect.CLASSIFICATION, Values.ON_OFF),
    PROCESSOR_BIAS("processorBias", Effect.CLASSIFICATION, Values.ON_OFF),
    STATISTICAL_SEDATION("statisticalSedation", Effect.CLASSIFICATION, Values.integer(0, 10)),
    WHITELIST_THRESHOLD("whitelistThreshold", Effect.CLASSIFICATION, Values.integer(0, Integer.MAX_VALUE)),
    SIGNATURE_LOCATION("signatureLocation", Effect.CLASSIFICATION, Values.choice("message", "headers")),
    TRAIN_PRISTINE("trainPristine", Effect.CLASSIFICATION, Values.ON_OFF),
    IGNORE_GROUPS("ignoreGroups", Effect.CLASSIFICATION, Values.ON_OFF),
    OPT_IN("optIn", Effect.CLASSIFICATION, Values.ON_OFF),
    OPT_OUT("optOut", Effect.CLASSIFICATION, Values.ON_OFF),
    IGNORE_RBL_LOOKUPS("ignoreRBLLookups", Effect.PRESENTATION, Values.ON_OFF),
    RBL_INOCULATE("RBLInoculate", Effect.PRESENTATION, Values.ON_OFF),
    OPT_OUT_CLAMAV("optOutClamAV", Effect.PRESENTATION, Values.ON_OFF),
    SPAM_ACTION("spamAction", Effect.PRESENTATION, Values.choice("quarantine", "tag", "deliver")),
    SPAM_SUBJECT("spamSubject", Effect.PRESENTATION, Values.TEXT),
    TAG_SPAM("tagSpam", Effect.PRESENTATION, Values.ON_OFF),
    TAG_NONSPAM("tagNonspam", Effect.PRESENTATION, Values.ON_OFF),
    SHOW_FACTORS("showFactors", Effect.CLASSIFICATION, Values.ON_OFF),
    LOCAL_STORE("localStore", Effect.PRESENTATION, Values.TEXT),
    MAKE_CORPUS("makeCorpus", Effect.PRESENTATION, Values.ON_OFF),
    STORE_FRAGMENTS("storeFragments", Effect.PRESENTATION, Values.ON_OFF),
    NOTIFICATIONS("notifications", Effect.PRESENTATION, Values.ON_OFF),
    FALLBACK_DOMAIN("fallbackDomain", Effect.PRESENTATION, Values.ON_OFF),
    DAILY_QUARANTINE_SUMMARY("dailyQuarantineSummary", Effect.PRESENTATION, Values.ON_OFF);

    /** Whether a preference changes what the engine computes or only DSPAM's own delivery. */
    public enum Effect { CLASSIFICATION, PRESENTATION }

    private final String spelling;
    private final Effect effect;
    private final Values values;

    KnownPreference(String spelling, Effect effect, Values values) {
        this.spelling = spelling;
        this.effect = effect;
        this.values = values;
    }

    /** DSPAM's spelling of the name. */
    public String spelling() {
        return spelling;
    }

    public Effect effect() {
        return effect;
    }

    /** A description of the accepted values, for error messages and listings. */
    public String acceptedValues() {
        return values.description;
    }

    /** The known preference of a name, case-insensitively. */
    public static Optional<KnownPreference> find(String name) {
        for (KnownPreference preference : values()) {
            if (preference.spelling.equalsIgnoreCase(name.trim())) {
                return Optional.of(preference);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks a value for this preference; returns it trimmed (an empty value stays empty: it
     * means "not set"). A bad value is an {@link InvalidPreferenceException} naming the preference.
     */
    public String check(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return trimmed;
        }
        if (trimmed.indexOf('\n') >= 0 || trimmed.indexOf('\r') >= 0) {
            // a value is one line of DSPAM's .prefs format: a line break would store a second preference
            throw new InvalidPreferenceException(spelling + ": a value is one line, without line breaks");
        }
        try {
            values.check.accept(spelling, trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidPreferenceException(e.getMessage() + " (accepted: " + values.description + ")", e);
        }
        return trimmed;
    }

    /** The accepted values of one preference. */
    private static final class Values {
        static final Values ON_OFF = new Values("on, off", (name, value) -> ConfValues.onOff(name, value));
        static final Values TEXT = new Values("any text", (name, value) -> { });

        final String description;
        final Checker check;

        Values(String description, Checker check) {
            this.description = description;
            this.check = check;
        }

        static Values integer(int min, int max) {
            String description = max == Integer.MAX_VALUE ? "a whole number from " + min : min + ".." + max;
            return new Values(description, (name, value) -> ConfValues.integer(name, value, min, max));
        }

        /** One of the words, case-insensitively (DSPAM compares most values exactly; this is lenient on input). */
        static Values choice(String... words) {
            Set<String> accepted = Set.copyOf(List.of(words).stream().map(w -> w.toLowerCase(Locale.ROOT))
                .collect(Collectors.toList()));
            String description = String.join(", ", words);
            return new Values(description, (name, value) -> {
                if (!accepted.contains(value.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException(name + ": '" + value + "' is not one of " + description);
                }
            });
        }
    }

    @FunctionalInterface
    private interface Checker {
        void accept(String name, String value);
    }
}
