package io.jamesdspam.mailet.configuration;

import static io.jamesdspam.mailet.configuration.PerMailetKeys.ATTRIBUTE;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.ON_FAILURE;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.TIMEOUT;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.mailet.AttributeName;

import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.autolearn.AutolearnPolicy;
import io.jamesdspam.model.TrainingClass;

/**
 * The DspamTrain mailet's parameters: exactly one of {@code class} (spam or innocent) and the
 * autolearn keys, {@code attribute} [dspam.result] (where the Dspam mailet recorded the results),
 * {@code onFailure} [deliver], {@code timeout} [30s]. Any other parameter is refused.
 */
public final class DspamTrainSettings {
    public static final String CLASS = "class";
    public static final Set<String> KEYS = PerMailetKeys.union(AutolearnSetting.KEYS, Set.of(CLASS, ATTRIBUTE, ON_FAILURE, TIMEOUT));

    private final Optional<TrainingClass> fixedClass;
    private final AutolearnPolicy autolearn;
    private final AttributeName attributeName;
    private final FailurePolicy failurePolicy;
    private final Duration timeout;

    private DspamTrainSettings(ComponentParameters parameters) {
        this.fixedClass = parameters.raw(CLASS).map(v -> parameters.value(CLASS, TrainingClass::parse, null));
        this.autolearn = AutolearnSetting.from(parameters);
        this.attributeName = parameters.value(ATTRIBUTE, AttributeName::of, AttributeName.of(DspamResultAttribute.DEFAULT_NAME));
        this.failurePolicy = parameters.value(ON_FAILURE, FailurePolicy::parse, FailurePolicy.DELIVER);
        this.timeout = parameters.positiveDuration(TIMEOUT, PerMailetKeys.DEFAULT_TIMEOUT);
        if (fixedClass.isPresent() == autolearn.isEnabled()) {
            throw new IllegalArgumentException("set exactly one of '" + CLASS + "' (spam or innocent) and '"
                + PerMailetKeys.AUTOLEARN + "'");
        }
    }

    /**
     * The mailet's own parameters over the defaults of {@code shared}.
     *
     * @throws IllegalArgumentException naming the bad or unused key
     */
    public static DspamTrainSettings from(DspamConfiguration shared, Map<String, String> parameters) {
        return new DspamTrainSettings(ComponentParameters.of(KEYS, shared.perMailetDefaults(), parameters));
    }

    /** The class every mail is trained as, when {@code class} is set. */
    public Optional<TrainingClass> fixedClass() {
        return fixedClass;
    }

    public AutolearnPolicy autolearn() {
        return autolearn;
    }

    public AttributeName attributeName() {
        return attributeName;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public Duration timeout() {
        return timeout;
    }
}
