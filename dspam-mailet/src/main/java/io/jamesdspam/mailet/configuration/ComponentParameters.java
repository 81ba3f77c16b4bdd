package io.jamesdspam.mailet.configuration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.jamesdspam.config.SettingValues;

/**
 * The parameters of one component (a mailet, the SMTP hook): the keys it uses, its own values over
 * the defaults {@code dspam.properties} gives for them. A key the component does not use is
 * refused by name, so that a {@code <reject>} on the Dspam mailet (which only the SMTP hook reads)
 * stops James instead of being silently ignored; the defaults of other components' keys are not
 * even looked at.
 */
public final class ComponentParameters {
    /**
     * James's mailet container reads these from every mailet element and also hands them to the
     * mailet as parameters: they are the container's, so they are neither DSPAM settings nor errors.
     */
    private static final Set<String> CONTAINER_KEYS = Set.of("onMailetException", "onMatchException");

    private final Map<String, String> values;

    private ComponentParameters(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * @param used the keys the component reads
     * @throws IllegalArgumentException naming a key of {@code own} the component does not use
     */
    public static ComponentParameters of(Set<String> used, Map<String, String> defaults, Map<String, String> own) {
        Map<String, String> values = new LinkedHashMap<>();
        defaults.forEach((key, value) -> {
            if (used.contains(key)) {
                values.put(key, value);
            }
        });
        own.forEach((key, value) -> {
            if (CONTAINER_KEYS.contains(key)) {
                return;
            }
            if (!used.contains(key)) {
                String why = DspamConfiguration.isSharedKey(key)
                    ? "it is shared by every DSPAM component; set it in dspam.properties"
                    : "not used here; expected one of " + String.join(", ", new TreeSet<>(used));
                throw new IllegalArgumentException("Invalid DSPAM parameter '" + key + "': " + why);
            }
            values.put(key, value);
        });
        return new ComponentParameters(values);
    }

    /** The value of {@code key} parsed, or {@code defaultValue}; errors name the key and the value. */
    public <T> T value(String key, Function<String, T> parser, T defaultValue) {
        return raw(key).map(v -> {
            try {
                return parser.apply(v);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Invalid DSPAM setting '" + key + "' = '" + v + "': " + e.getMessage(), e);
            }
        }).orElse(defaultValue);
    }

    public Optional<String> raw(String key) {
        return Optional.ofNullable(values.get(key)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public boolean bool(String key, boolean defaultValue) {
        return value(key, SettingValues::parseBoolean, defaultValue);
    }

    public int positiveInt(String key, int defaultValue) {
        return value(key, v -> (int) positive(Integer.parseInt(v)), defaultValue);
    }

    public long positiveSize(String key, long defaultValue) {
        return value(key, v -> positive(SettingValues.parseSize(v)), defaultValue);
    }

    public Duration positiveDuration(String key, Duration defaultValue) {
        return value(key, v -> positive(SettingValues.parseDuration(v)), defaultValue);
    }

    private static long positive(long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("must be positive");
        }
        return value;
    }

    private static Duration positive(Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("must be positive");
        }
        return value;
    }
}
