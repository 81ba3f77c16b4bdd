package io.jamesdspam.mailet.configuration;

import static io.jamesdspam.mailet.configuration.PerMailetKeys.REJECT;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.REJECT_TYPE;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.TIMEOUT;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The SMTP hook's elements: those of {@link ClassifierSettings}, {@code timeout} [30s],
 * {@code reject} [off] and {@code rejectType} [perm]. The hook never fails a mail and never
 * learns, so {@code onFailure} and the autolearn keys are refused here.
 */
public final class RejectHookSettings {
    public static final Set<String> KEYS = PerMailetKeys.union(ClassifierSettings.KEYS, Set.of(TIMEOUT, REJECT, REJECT_TYPE));

    private final ClassifierSettings classifier;
    private final Duration timeout;
    private final RejectPolicy rejectPolicy;
    private final RejectType rejectType;

    private RejectHookSettings(ComponentParameters parameters) {
        this.classifier = ClassifierSettings.from(parameters);
        this.timeout = parameters.positiveDuration(TIMEOUT, PerMailetKeys.DEFAULT_TIMEOUT);
        this.rejectPolicy = parameters.value(REJECT, RejectPolicy::parse, RejectPolicy.off());
        this.rejectType = parameters.value(REJECT_TYPE, RejectType::parse, RejectType.PERM);
    }

    /**
     * The hook's own elements over the defaults of {@code shared}.
     *
     * @throws IllegalArgumentException naming the bad or unused key
     */
    public static RejectHookSettings from(DspamConfiguration shared, Map<String, String> parameters) {
        return new RejectHookSettings(ComponentParameters.of(KEYS, shared.perMailetDefaults(), parameters));
    }

    public ClassifierSettings classifier() {
        return classifier;
    }

    public Duration timeout() {
        return timeout;
    }

    public RejectPolicy rejectPolicy() {
        return rejectPolicy;
    }

    public RejectType rejectType() {
        return rejectType;
    }

    @Override
    public String toString() {
        return "RejectHookSettings{" + classifier + ", timeout=" + timeout + ", reject=" + rejectPolicy
            + ", rejectType=" + rejectType + "}";
    }
}
