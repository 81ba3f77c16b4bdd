package io.jamesdspam.engine;

import io.jamesdspam.engine.combine.Algorithm;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.statistics.PValue;
import io.jamesdspam.engine.tokenize.TokenizerKind;
import io.jamesdspam.engine.tokenize.TokenizerSettings;
import io.jamesdspam.model.DspamFeature;
import io.jamesdspam.model.TrainingMode;
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

/**
 * The engine's configuration, named after dspam.conf directives and preferences so that a DSPAM
 * operator recognises every knob (docs/ENGINE-SPEC.md §11, §12). {@link #defaults()} is configuration C2
 * of the reference set: TOE + OSB, {@code graham burton}, PValue {@code bcr}, whitelist on
 * (threshold 10), BNR on, statistical sedation 5, processor bias on, URL context on,
 * {@code signatureLocation=headers}, TrainPristine off.
 *
 * <p>Features follow DSPAM's precedence: a preference ({@code enableBNR}, {@code enableWhitelist},
 * {@code statisticalSedation}) wins when set; otherwise the {@code Feature} lines, which a
 * request's {@code --feature=} list replaces (§11.2).
 */
public final class EngineSettings {
    private static final Logger LOGGER = LoggerFactory.getLogger(EngineSettings.class);

    /** dspam.conf keys this engine reads. */
    private static final Set<String> KNOWN_KEYS = Set.of("tokenizer", "algorithm", "pvalue", "trainingmode", "feature",
        "preference", "processorbias", "processorurlcontext", "processorwordfrequency", "ignoreheader",
        "testconditionaltraining", "trainpristine");

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

    private EngineSettings(Builder builder) {
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
    }

    /** Reference configuration C2 (see the class comment). */
    public static EngineSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the directives and preferences this engine knows from a dspam.conf; keys it does not
     * use are logged. A bad value fails with an error naming its key.
     */
    public static EngineSettings from(DspamConf conf) {
        Builder builder = builder();
        conf.get("Tokenizer").ifPresent(value -> builder.tokenizer(parse("Tokenizer", value, TokenizerKind::parse)));
        List<String> algorithmLines = conf.getAll("Algorithm");
        if (!algorithmLines.isEmpty()) {
            Set<Algorithm> algorithms = EnumSet.noneOf(Algorithm.class);
            for (String line : algorithmLines) {
                for (String word : line.trim().split("\\s+")) {
                    if (!word.isEmpty()) {
                        algorithms.add(parse("Algorithm", word, Algorithm::parse));
                    }
                }
            }
            builder.algorithms(algorithms);
        }
        conf.get("PValue").ifPresent(value -> builder.pValue(PValue.parse(value)));
        conf.get("TrainingMode").ifPresent(value -> builder.trainingMode(parseMode("TrainingMode", value)));
        List<String> featureLines = conf.getAll("Feature");
        if (!featureLines.isEmpty()) {
            List<DspamFeature> features = new ArrayList<>();
            for (String line : featureLines) {
                for (String word : line.trim().split("[\\s,]+")) {
                    if (!word.isEmpty()) {
                        features.add(parse("Feature", word, DspamFeature::parse));
                    }
                }
            }
            builder.features(Features.of(features));
        }
        conf.get("ProcessorBias").ifPresent(value -> builder.processorBias(onOff("ProcessorBias", value)));
        conf.get("ProcessorURLContext").ifPresent(value -> builder.urlContext(onOff("ProcessorURLContext", value)));
        conf.get("ProcessorWordFrequency").ifPresent(value ->
            builder.wordFrequencyOccurrence(value.trim().equalsIgnoreCase("occurrence")));
        builder.ignoreHeaders(conf.getAll("IgnoreHeader"));
        conf.get("TestConditionalTraining").ifPresent(value ->
            builder.testConditionalTraining(onOff("TestConditionalTraining", value)));
        conf.get("TrainPristine").ifPresent(value -> builder.trainPristine(onOff("TrainPristine", value)));
        applyPreferences(builder, conf.preferences());
        for (String key : conf.keys()) {
            if (!KNOWN_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
                LOGGER.info("dspam.conf: '{}' is not used by the embedded engine", key);
            }
        }
        return builder.build();
    }

    private static void applyPreferences(Builder builder, Map<String, String> preferences) {
        preferences.forEach((name, value) -> {
            if (value.isEmpty()) {
                return;
            }
            String key = "Preference \"" + name + "\"";
            switch (name) {
                case "trainingmode":
                    builder.trainingMode(parseMode(key, value));
                    break;
                case "enablebnr":
                    builder.enableBnr(onOff(key, value));
                    break;
                case "enablewhitelist":
                    builder.enableWhitelist(onOff(key, value));
                    break;
                case "statisticalsedation":
                    builder.statisticalSedation(integer(key, value, 0, 10));
                    break;
                case "whitelistthreshold":
                    builder.whitelistThreshold(integer(key, value, 0, Integer.MAX_VALUE));
                    break;
                case "processorbias":
                    builder.processorBias(onOff(key, value));
                    break;
                case "trainpristine":
                    builder.trainPristine(onOff(key, value));
                    break;
                case "signaturelocation":
                    builder.signatureInHeaders(parse(key, value, EngineSettings::signatureLocation));
                    break;
                case "showfactors":
                    builder.showFactors(onOff(key, value));
                    break;
                default:
                    LOGGER.info("dspam.conf: preference '{}' does not change classification and is not used", name);
            }
        });
    }

    private static boolean signatureLocation(String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("headers")) {
            return true;
        }
        if (lower.equals("message")) {
            return false;
        }
        throw new IllegalArgumentException("expected headers or message");
    }

    private static TrainingMode parseMode(String key, String value) {
        TrainingMode mode = parse(key, value, TrainingMode::parse);
        if (mode == TrainingMode.UNLEARN) {
            throw new IllegalArgumentException(key + ": 'unlearn' is only valid for a single request");
        }
        return mode;
    }

    private static boolean onOff(String key, String value) {
        String lower = value.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("on")) {
            return true;
        }
        if (lower.equals("off")) {
            return false;
        }
        throw new IllegalArgumentException(key + ": expected on or off, got '" + value + "'");
    }

    private static int integer(String key, String value, int min, int max) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(key + ": " + parsed + " is outside " + min + ".." + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a number, got '" + value + "'", e);
        }
    }

    private static <T> T parse(String key, String value, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": invalid value '" + value + "' (" + e.getMessage() + ")", e);
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

    /**
     * Preference {@code showFactors=on}: results carry {@code X-DSPAM-Factors} (the system-wide
     * value; per-user preferences, when they exist, decide per user instead).
     */
    public boolean showFactors() {
        return showFactors;
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
            + ", showFactors=" + (showFactors ? "on" : "off") + "}";
    }

    /** The {@code Feature} items: noise reduction, whitelist, training buffer. */
    public static final class Features {
        public static final Features NONE = new Features(false, false, 0);

        private final boolean noise;
        private final boolean whitelist;
        private final int trainingBuffer;

        public Features(boolean noise, boolean whitelist, int trainingBuffer) {
            this.noise = noise;
            this.whitelist = whitelist;
            this.trainingBuffer = trainingBuffer;
        }

        /** DSPAM matches feature words by prefix: {@code no…} noise, {@code wh…} whitelist, {@code tb=N}. */
        public static Features of(List<DspamFeature> items) {
            boolean noise = false;
            boolean whitelist = false;
            int tb = 0;
            for (DspamFeature item : items) {
                if (item.name().startsWith("no")) {
                    noise = true;
                } else if (item.name().startsWith("wh")) {
                    whitelist = true;
                } else if (item.name().equals("tb")) {
                    tb = item.value().orElse(0);
                    if (tb < 0 || tb > 10) {
                        throw new IllegalArgumentException("Feature tb: " + tb + " is outside 0..10");
                    }
                } else {
                    LOGGER.info("Feature '{}' is not used by the embedded engine", item);
                }
            }
            return new Features(noise, whitelist, tb);
        }

        public boolean noise() {
            return noise;
        }

        public boolean whitelist() {
            return whitelist;
        }

        public int trainingBuffer() {
            return trainingBuffer;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Features && ((Features) o).noise == noise && ((Features) o).whitelist == whitelist
                && ((Features) o).trainingBuffer == trainingBuffer;
        }

        @Override
        public int hashCode() {
            return Objects.hash(noise, whitelist, trainingBuffer);
        }

        @Override
        public String toString() {
            return (noise ? "noise " : "") + (whitelist ? "whitelist " : "") + "tb=" + trainingBuffer;
        }
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

        private Builder() {
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

        public EngineSettings build() {
            return new EngineSettings(this);
        }
    }
}
