package io.jamesdspam.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.engine.combine.Algorithm;
import io.jamesdspam.engine.config.ConfValues;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.config.DspamKeys;
import io.jamesdspam.engine.config.Features;
import io.jamesdspam.engine.preference.KnownPreference;
import io.jamesdspam.engine.preference.PreferencePolicy;
import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.engine.purge.PurgeLimits;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.tokenize.TokenizerKind;
import io.jamesdspam.engine.tokenize.TokenizerSettings;
import io.jamesdspam.model.DspamFeature;
import io.jamesdspam.model.TrainingMode;

/**
 * The engine's configuration, named after dspam.conf directives and preferences so that a DSPAM
 * operator recognises every knob (docs/ENGINE-SPEC.md §11, §12). {@link #defaults()} is configuration C2
 * of the reference set: TOE + OSB, {@code graham burton}, PValue {@code bcr}, whitelist on
 * (threshold 10), BNR on, statistical sedation 5, processor bias on, URL context on,
 * {@code signatureLocation=headers}, TrainPristine off.
 *
 * <p>Features follow DSPAM's precedence: a preference ({@code enableBNR}, {@code enableWhitelist},
 * {@code statisticalSedation}) wins when set; otherwise the {@code Feature} lines, which a
 * request's {@code --feature=} list replaces (§11.2). {@link #forPreferences} gives the settings
 * of one user: the directives with that user's aggregate preferences applied.
 */
public final class EngineSettings {
    private static final Logger LOGGER = LoggerFactory.getLogger(EngineSettings.class);

    private final TokenizerKind tokenizer;
    private final Set<Algorithm> algorithms;
    private final PValue pValue;
    private final TrainingMode trainingMode;
    private final Features features;
    private final Optional<Boolean> enableBnr;
    private final Optional<Boolean> enableWhitelist;
    private final Optional<Integer> statisticalSedation;
    private final int whitelistThreshold;
    private final boolean processorBias;
    private final boolean urlContext;
    private final boolean wordFrequencyOccurrence;
    private final List<String> ignoreHeaders;
    private final boolean testConditionalTraining;
    private final boolean trainPristine;
    private final boolean signatureInHeaders;
    private final boolean showFactors;
    private final boolean optIn;
    private final boolean userOptIn;
    private final boolean userOptOut;
    private final boolean ignoreGroups;
    private final Optional<Path> groupConfig;
    private final PreferencePolicy preferencePolicy;
    private final PurgeLimits purgeLimits;
    /** These settings before any preference was applied (the directives alone). */
    private final Builder directives;

    private EngineSettings(Builder builder, Builder directives) {
        this.tokenizer = builder.tokenizer;
        this.algorithms = Collections.unmodifiableSet(builder.algorithms.isEmpty()
            ? EnumSet.noneOf(Algorithm.class) : EnumSet.copyOf(builder.algorithms));
        this.pValue = builder.pValue;
        this.trainingMode = builder.trainingMode;
        this.features = builder.features;
        this.enableBnr = builder.enableBnr;
        this.enableWhitelist = builder.enableWhitelist;
        this.statisticalSedation = builder.statisticalSedation;
        this.whitelistThreshold = builder.whitelistThreshold;
        this.processorBias = builder.processorBias;
        this.urlContext = builder.urlContext;
        this.wordFrequencyOccurrence = builder.wordFrequencyOccurrence;
        this.ignoreHeaders = List.copyOf(builder.ignoreHeaders);
        this.testConditionalTraining = builder.testConditionalTraining;
        this.trainPristine = builder.trainPristine;
        this.signatureInHeaders = builder.signatureInHeaders;
        this.showFactors = builder.showFactors;
        this.optIn = builder.optIn;
        this.userOptIn = builder.userOptIn;
        this.userOptOut = builder.userOptOut;
        this.ignoreGroups = builder.ignoreGroups;
        this.groupConfig = builder.groupConfig;
        this.preferencePolicy = builder.preferencePolicy;
        this.purgeLimits = builder.purgeLimits;
        this.directives = directives == null ? toBuilder() : directives;
    }

    /** Reference configuration C2 (see the class comment). */
    public static EngineSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the directives and preferences of a dspam.conf (keys of {@link DspamKeys}); keys no
     * component knows are warned about once. A bad value fails with an error naming its key.
     */
    public static EngineSettings from(DspamConf conf) {
        conf.warnUnknownKeys();
        Builder builder = builder();
        conf.value(DspamKeys.TOKENIZER, TokenizerKind::parse).ifPresent(builder::tokenizer);
        List<String> algorithmWords = conf.words(DspamKeys.ALGORITHM);
        if (!conf.all(DspamKeys.ALGORITHM).isEmpty()) {
            Set<Algorithm> algorithms = EnumSet.noneOf(Algorithm.class);
            for (String word : algorithmWords) {
                algorithms.add(ConfValues.parse(DspamKeys.ALGORITHM.name(), word, Algorithm::parse));
            }
            builder.algorithms(algorithms);
        }
        conf.text(DspamKeys.PVALUE).ifPresent(value -> builder.pValue(PValue.parse(value)));
        conf.value(DspamKeys.TRAINING_MODE, EngineSettings::configuredMode).ifPresent(builder::trainingMode);
        if (!conf.all(DspamKeys.FEATURE).isEmpty()) {
            List<DspamFeature> features = new ArrayList<>();
            for (String word : conf.words(DspamKeys.FEATURE)) {
                features.add(ConfValues.parse(DspamKeys.FEATURE.name(), word, DspamFeature::parse));
            }
            builder.features(Features.of(features));
        }
        conf.onOff(DspamKeys.PROCESSOR_BIAS).ifPresent(builder::processorBias);
        conf.onOff(DspamKeys.PROCESSOR_URL_CONTEXT).ifPresent(builder::urlContext);
        conf.text(DspamKeys.PROCESSOR_WORD_FREQUENCY).ifPresent(value ->
            builder.wordFrequencyOccurrence(value.trim().equalsIgnoreCase("occurrence")));
        builder.ignoreHeaders(conf.all(DspamKeys.IGNORE_HEADER));
        conf.onOff(DspamKeys.TEST_CONDITIONAL_TRAINING).ifPresent(builder::testConditionalTraining);
        conf.onOff(DspamKeys.TRAIN_PRISTINE).ifPresent(builder::trainPristine);
        conf.value(DspamKeys.OPT, EngineSettings::optIn).ifPresent(builder::optIn);
        conf.path(DspamKeys.GROUP_CONFIG).ifPresent(builder::groupConfig);
        PreferencePolicy policy = PreferencePolicy.from(conf);
        builder.preferencePolicy(policy);
        builder.purgeLimits(PurgeLimits.from(conf));
        Builder directives = builder.copy();
        applyPreferences(builder, policy.configured(), true);
        return new EngineSettings(builder, directives);
    }

    /**
     * The settings of one user: the directives with {@code aggregate} (the defaults in force with
     * the user's honoured values on top, {@link PreferencePolicy#aggregate}) applied. A user value
     * DSPAM would not accept is ignored, as DSPAM falls back to the configuration.
     */
    public EngineSettings forPreferences(Preferences aggregate) {
        Builder builder = directives.copy();
        applyPreferences(builder, aggregate, false);
        return new EngineSettings(builder, directives);
    }

    /** Applies preferences; {@code strict}: a bad value is an error naming it (dspam.conf), else it is skipped (users' data). */
    private static void applyPreferences(Builder builder, Preferences preferences, boolean strict) {
        for (Map.Entry<String, String> entry : preferences.asMap().entrySet()) {
            String name = entry.getKey();
            String value = entry.getValue();
            Optional<KnownPreference> known = KnownPreference.find(name);
            if (known.isEmpty()) {
                LOGGER.debug("preference '{}' is not a DSPAM preference; kept, not used", name);
                continue;
            }
            String key = "Preference \"" + name + "\"";
            try {
                known.get().check(value);
                apply(builder, known.get(), key, value);
            } catch (IllegalArgumentException e) {
                if (strict) {
                    throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
                }
                LOGGER.info("{}={} ignored: {}", key, value, e.getMessage());
            }
        }
    }

    private static void apply(Builder builder, KnownPreference preference, String key, String value) {
        switch (preference) {
            case TRAINING_MODE:
                builder.trainingMode(configuredMode(value));
                break;
            case ENABLE_BNR:
                builder.enableBnr(ConfValues.onOff(key, value));
                break;
            case ENABLE_WHITELIST:
                builder.enableWhitelist(ConfValues.onOff(key, value));
                break;
            case STATISTICAL_SEDATION:
                builder.statisticalSedation(ConfValues.integer(key, value, 0, 10));
                break;
            case WHITELIST_THRESHOLD:
                builder.whitelistThreshold(ConfValues.integer(key, value, 0, Integer.MAX_VALUE));
                break;
            case PROCESSOR_BIAS:
                builder.processorBias(ConfValues.onOff(key, value));
                break;
            case TRAIN_PRISTINE:
                builder.trainPristine(ConfValues.onOff(key, value));
                break;
            case SIGNATURE_LOCATION:
                builder.signatureInHeaders(value.equalsIgnoreCase("headers"));
                break;
            case OPT_IN:
                builder.userOptIn = ConfValues.onOff(key, value);
                break;
            case OPT_OUT:
                builder.userOptOut = ConfValues.onOff(key, value);
                break;
            case IGNORE_GROUPS:
                builder.ignoreGroups = ConfValues.onOff(key, value);
                break;
            case SHOW_FACTORS:
                builder.showFactors(ConfValues.onOff(key, value));
                break;
            default:
                // Delivery and presentation only (§11.2): stored and listed, no effect on the engine.
        }
    }

    private static TrainingMode configuredMode(String value) {
        TrainingMode mode = TrainingMode.parse(value);
        if (mode == TrainingMode.UNLEARN) {
            throw new IllegalArgumentException("'unlearn' is only valid for a single request");
        }
        return mode;
    }

    /** dspam.conf {@code Opt in|out}. */
    private static boolean optIn(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "in":
                return true;
            case "out":
                return false;
            default:
                throw new IllegalArgumentException("expected in or out");
        }
    }

    /** dspam.conf {@code Tokenizer}. */
    public TokenizerKind tokenizer() {
        return tokenizer;
    }

    /** dspam.conf {@code Algorithm}; empty means every message comes out Innocent (⚠ §12). */
    public Set<Algorithm> algorithms() {
        return algorithms;
    }

    public PValue pValue() {
        return pValue;
    }

    /** dspam.conf {@code TrainingMode} / preference {@code trainingMode}. */
    public TrainingMode trainingMode() {
        return trainingMode;
    }

    /** dspam.conf {@code Feature} lines. */
    public Features features() {
        return features;
    }

    public Optional<Boolean> enableBnrPreference() {
        return enableBnr;
    }

    public Optional<Boolean> enableWhitelistPreference() {
        return enableWhitelist;
    }

    public Optional<Integer> statisticalSedationPreference() {
        return statisticalSedation;
    }

    public int whitelistThreshold() {
        return whitelistThreshold;
    }

    public boolean processorBias() {
        return processorBias;
    }

    public boolean urlContext() {
        return urlContext;
    }

    /** {@code ProcessorWordFrequency occurrence}. */
    public boolean wordFrequencyOccurrence() {
        return wordFrequencyOccurrence;
    }

    public List<String> ignoreHeaders() {
        return ignoreHeaders;
    }

    /** {@code TestConditionalTraining}: in 3.10.2 it never runs more than the one pass (⚠ §6.5), so it changes nothing stored. */
    public boolean testConditionalTraining() {
        return testConditionalTraining;
    }

    public boolean trainPristine() {
        return trainPristine;
    }

    /** Preference {@code signatureLocation=headers} (true) or {@code message}. */
    public boolean signatureInHeaders() {
        return signatureInHeaders;
    }

    /** Preference {@code showFactors=on}: results carry {@code X-DSPAM-Factors} (per user, with the user's preferences). */
    public boolean showFactors() {
        return showFactors;
    }

    /**
     * Whether a user's incoming mail is filtered: under {@code Opt in} only with {@code optIn=on},
     * otherwise ({@code Opt out}, DSPAM's default) unless {@code optOut=on}.
     */
    public boolean filters() {
        return optIn ? userOptIn : !userOptOut;
    }

    /** dspam.conf {@code Opt in}. */
    public boolean optIn() {
        return optIn;
    }

    /** Preference {@code ignoreGroups=on}: the group file does not apply to this user. */
    public boolean ignoreGroups() {
        return ignoreGroups;
    }

    /** dspam.conf {@code GroupConfig}: the group file, if any. */
    public Optional<Path> groupConfig() {
        return groupConfig;
    }

    /** dspam.conf's {@code Purge*} limits: what a purge deletes when it is not told otherwise. */
    public PurgeLimits purgeLimits() {
        return purgeLimits;
    }

    /** The {@code Preference} and {@code AllowOverride} lines. */
    public PreferencePolicy preferencePolicy() {
        return preferencePolicy;
    }

    /** Whether BNR runs, given a request's {@code --feature=} list (empty = the configured Feature lines). */
    public boolean bnrEnabled(List<DspamFeature> requestFeatures) {
        return enableBnr.orElseGet(() -> features(requestFeatures).noise());
    }

    public boolean whitelistEnabled(List<DspamFeature> requestFeatures) {
        return enableWhitelist.orElseGet(() -> features(requestFeatures).whitelist());
    }

    public int trainingBuffer(List<DspamFeature> requestFeatures) {
        return statisticalSedation.orElseGet(() -> features(requestFeatures).trainingBuffer());
    }

    private Features features(List<DspamFeature> requestFeatures) {
        return requestFeatures.isEmpty() ? features : Features.of(requestFeatures);
    }

    /** The tokenizer's settings for a request with the given features. */
    public TokenizerSettings tokenizerSettings(List<DspamFeature> requestFeatures) {
        return TokenizerSettings.builder()
            .kind(tokenizer)
            .urlContext(urlContext)
            .whitelistToken(whitelistEnabled(requestFeatures))
            .ignoreHeaders(ignoreHeaders)
            .signatureInHeaders(signatureInHeaders)
            .trainPristine(trainPristine)
            .build();
    }

    /**
     * These settings with another group file (James's {@code embedded.groups}), the preference
     * layer kept: users' preferences still apply on the same directives.
     */
    public EngineSettings withGroupConfig(Path file) {
        Builder builder = toBuilder().groupConfig(file);
        return new EngineSettings(builder, directives.copy().groupConfig(file));
    }

    /** A builder holding these settings; what it builds has them as its directives (no preference layer). */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.tokenizer = tokenizer;
        builder.algorithms = EnumSet.noneOf(Algorithm.class);
        builder.algorithms.addAll(algorithms);
        builder.pValue = pValue;
        builder.trainingMode = trainingMode;
        builder.features = features;
        builder.enableBnr = enableBnr;
        builder.enableWhitelist = enableWhitelist;
        builder.statisticalSedation = statisticalSedation;
        builder.whitelistThreshold = whitelistThreshold;
        builder.processorBias = processorBias;
        builder.urlContext = urlContext;
        builder.wordFrequencyOccurrence = wordFrequencyOccurrence;
        builder.ignoreHeaders = new ArrayList<>(ignoreHeaders);
        builder.testConditionalTraining = testConditionalTraining;
        builder.trainPristine = trainPristine;
        builder.signatureInHeaders = signatureInHeaders;
        builder.showFactors = showFactors;
        builder.optIn = optIn;
        builder.userOptIn = userOptIn;
        builder.userOptOut = userOptOut;
        builder.ignoreGroups = ignoreGroups;
        builder.groupConfig = groupConfig;
        builder.preferencePolicy = preferencePolicy;
        builder.purgeLimits = purgeLimits;
        return builder;
    }

    @Override
    public String toString() {
        return "EngineSettings{Tokenizer=" + tokenizer + ", Algorithm=" + algorithms + ", PValue=" + pValue
            + ", TrainingMode=" + trainingMode + ", Feature=" + features + ", enableBNR=" + enableBnr
            + ", enableWhitelist=" + enableWhitelist + ", statisticalSedation=" + statisticalSedation
            + ", whitelistThreshold=" + whitelistThreshold + ", processorBias=" + processorBias
            + ", ProcessorURLContext=" + urlContext + ", occurrence=" + wordFrequencyOccurrence
            + ", IgnoreHeader=" + ignoreHeaders + ", trainPristine=" + trainPristine
            + ", signatureLocation=" + (signatureInHeaders ? "headers" : "message")
            + ", showFactors=" + (showFactors ? "on" : "off") + ", Opt=" + (optIn ? "in" : "out")
            + ", GroupConfig=" + groupConfig.map(Path::toString).orElse("none") + "}";
    }

    public static final class Builder {
        private TokenizerKind tokenizer = TokenizerKind.OSB;
        private Set<Algorithm> algorithms = EnumSet.of(Algorithm.GRAHAM, Algorithm.BURTON);
        private PValue pValue = PValue.BCR;
        private TrainingMode trainingMode = TrainingMode.TOE;
        private Features features = new Features(true, true, 0);
        private Optional<Boolean> enableBnr = Optional.of(true);
        private Optional<Boolean> enableWhitelist = Optional.of(true);
        private Optional<Integer> statisticalSedation = Optional.of(5);
        private int whitelistThreshold = 10;
        private boolean processorBias = true;
        private boolean urlContext = true;
        private boolean wordFrequencyOccurrence;
        private List<String> ignoreHeaders = new ArrayList<>();
        private boolean testConditionalTraining = true;
        private boolean trainPristine;
        private boolean signatureInHeaders = true;
        private boolean showFactors;
        private boolean optIn;
        private boolean userOptIn;
        private boolean userOptOut;
        private boolean ignoreGroups;
        private Optional<Path> groupConfig = Optional.empty();
        private PreferencePolicy preferencePolicy = PreferencePolicy.shipped();
        private PurgeLimits purgeLimits = PurgeLimits.shipped();

        private Builder() {
        }

        private Builder copy() {
            return build().toBuilder();
        }

        public Builder tokenizer(TokenizerKind tokenizer) {
            this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
            return this;
        }

        public Builder algorithms(Set<Algorithm> algorithms) {
            this.algorithms = EnumSet.noneOf(Algorithm.class);
            this.algorithms.addAll(algorithms);
            return this;
        }

        public Builder pValue(PValue pValue) {
            this.pValue = Objects.requireNonNull(pValue, "pValue");
            return this;
        }

        public Builder trainingMode(TrainingMode trainingMode) {
            if (trainingMode == TrainingMode.UNLEARN) {
                throw new IllegalArgumentException("TrainingMode: unlearn is only valid for a single request");
            }
            this.trainingMode = Objects.requireNonNull(trainingMode, "trainingMode");
            return this;
        }

        public Builder features(Features features) {
            this.features = Objects.requireNonNull(features, "features");
            return this;
        }

        /** Preference {@code enableBNR}; empty = use the Feature lines. */
        public Builder enableBnr(Boolean enable) {
            this.enableBnr = Optional.ofNullable(enable);
            return this;
        }

        public Builder enableWhitelist(Boolean enable) {
            this.enableWhitelist = Optional.ofNullable(enable);
            return this;
        }

        public Builder statisticalSedation(Integer level) {
            if (level != null && (level < 0 || level > 10)) {
                throw new IllegalArgumentException("statisticalSedation: " + level + " is outside 0..10");
            }
            this.statisticalSedation = Optional.ofNullable(level);
            return this;
        }

        public Builder whitelistThreshold(int threshold) {
            this.whitelistThreshold = threshold;
            return this;
        }

        public Builder processorBias(boolean bias) {
            this.processorBias = bias;
            return this;
        }

        public Builder urlContext(boolean urlContext) {
            this.urlContext = urlContext;
            return this;
        }

        public Builder wordFrequencyOccurrence(boolean occurrence) {
            this.wordFrequencyOccurrence = occurrence;
            return this;
        }

        public Builder ignoreHeaders(List<String> headers) {
            this.ignoreHeaders = new ArrayList<>(headers);
            return this;
        }

        public Builder testConditionalTraining(boolean on) {
            this.testConditionalTraining = on;
            return this;
        }

        public Builder trainPristine(boolean trainPristine) {
            this.trainPristine = trainPristine;
            return this;
        }

        public Builder signatureInHeaders(boolean inHeaders) {
            this.signatureInHeaders = inHeaders;
            return this;
        }

        public Builder showFactors(boolean show) {
            this.showFactors = show;
            return this;
        }

        /** dspam.conf {@code Opt in} (true) or {@code Opt out} (false, DSPAM's default). */
        public Builder optIn(boolean optIn) {
            this.optIn = optIn;
            return this;
        }

        /** dspam.conf {@code GroupConfig}. */
        public Builder groupConfig(Path file) {
            this.groupConfig = Optional.ofNullable(file);
            return this;
        }

        public Builder preferencePolicy(PreferencePolicy policy) {
            this.preferencePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder purgeLimits(PurgeLimits limits) {
            this.purgeLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public EngineSettings build() {
            return new EngineSettings(this, null);
        }
    }
}
