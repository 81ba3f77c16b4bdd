package io.jamesdspam.mailet.configuration;

import static io.jamesdspam.mailet.configuration.PerMailetKeys.ON_FAILURE;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.TIMEOUT;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.jamesdspam.autolearn.AutolearnPolicy;

/**
 * The Dspam mailet's parameters: those of {@link ClassifierSettings}, {@code onFailure}
 * [deliver], {@code timeout} [30s] and the autolearn keys. Any other parameter is refused.
 */
public final class DspamSettings {
    public static final Set<String> KEYS = PerMailetKeys.union(ClassifierSettings.KEYS, AutolearnSetting.KEYS, Set.of(ON_FAILURE, TIMEOUT));

    private final ClassifierSettings classifier;
    private final FailurePolicy failurePolicy;
    private final Duration timeout;
    private final AutolearnPolicy autolearn;

    private DspamSettings(ComponentParameters parameters) {
        this.classifier = ClassifierSettings.from(parameters);
        this.failurePolicy = parameters.value(ON_FAILURE, FailurePolicy::parse, FailurePolicy.DELIVER);
        this.timeout = parameters.positiveDuration(TIMEOUT, PerMailetKeys.DEFAULT_TIMEOUT);
        this.autolearn = AutolearnSetting.from(parameters);
    }

    /**
     * The mailet's own parameters over the defaults of {@code shared}.
     *
     * @throws IllegalArgumentException naming the bad or unused key
     */
    public static DspamSettings from(DspamConfiguration shared, Map<String, String> parameters) {
        return new DspamSettings(ComponentParameters.of(KEYS, shared.perMailetDefaults(), parameters));
    }

    public ClassifierSettings classifier() {
        return classifier;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public Duration timeout() {
        return timeout;
    }

    public AutolearnPolicy autolearn() {
        return autolearn;
    }

    @Override
    public String toString() {
        return "DspamSettings{" + classifier + ", onFailure=" + failurePolicy + ", timeout=" + timeout
            + ", autolearn=" + autolearn + "}";
    }
}
