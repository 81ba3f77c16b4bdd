package io.jamesdspam.engine.preference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A set of DSPAM preferences ({@code name=value}): a user's own, the system defaults, or their
 * aggregate (docs/ENGINE-SPEC.md §11.1). Names are matched case-insensitively and keep the spelling they
 * were first given; an empty value means "not set" and is not kept. Immutable.
 */
public final class Preferences {
    public static final Preferences NONE = new Preferences(new LinkedHashMap<>());

    /** lower-cased name → (spelling, value), in insertion order. */
    private final Map<String, Map.Entry<String, String>> entries;

    private Preferences(Map<String, Map.Entry<String, String>> entries) {
        this.entries = entries;
    }

    /** From {@code name=value} pairs; later pairs replace earlier ones, empty values are dropped. */
    public static Preferences of(Map<String, String> values) {
        Preferences preferences = NONE;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            preferences = preferences.with(entry.getKey(), entry.getValue());
        }
        return preferences;
    }

    /**
     * From lines in DSPAM's {@code .prefs} format: one {@code name=value} per line, {@code #}
     * comments and lines without {@code =} skipped (as DSPAM reads {@code <user>.prefs}).
     */
    public static Preferences parse(List<String> lines) {
        Preferences preferences = NONE;
        for (String line : lines) {
            String content = line.trim();
            int equals = content.indexOf('=');
            if (content.startsWith("#") || equals <= 0) {
                continue;
            }
            preferences = preferences.with(content.substring(0, equals).trim(), content.substring(equals + 1).trim());
        }
        return preferences;
    }

    /** These preferences with one more; an empty value removes the name (not set). */
    public Preferences with(String name, String value) {
        Objects.requireNonNull(value, "value");
        String key = key(name);
        Map<String, Map.Entry<String, String>> copy = new LinkedHashMap<>(entries);
        if (value.isEmpty()) {
            copy.remove(key);
        } else {
            Map.Entry<String, String> old = entries.get(key);
            copy.put(key, Map.entry(old == null ? name.trim() : old.getKey(), value));
        }
        return new Preferences(copy);
    }

    public Preferences without(String name) {
        Map<String, Map.Entry<String, String>> copy = new LinkedHashMap<>(entries);
        copy.remove(key(name));
        return new Preferences(copy);
    }

    /** {@code overrides} on top of these (names of {@code overrides} keep this set's spelling). */
    public Preferences withAll(Preferences overrides) {
        Preferences result = this;
        for (Map.Entry<String, String> entry : overrides.asMap().entrySet()) {
            result = result.with(entry.getKey(), entry.getValue());
        }
        return result;
    }

    public Optional<String> get(String name) {
        Map.Entry<String, String> entry = entries.get(key(name));
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    public boolean contains(String name) {
        return entries.containsKey(key(name));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Spelling → value, in insertion order. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        entries.values().forEach(entry -> map.put(entry.getKey(), entry.getValue()));
        return Collections.unmodifiableMap(map);
    }

    /** DSPAM's {@code .prefs} text: one {@code name=value} line each. */
    public String format() {
        StringBuilder text = new StringBuilder();
        asMap().forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return text.toString();
    }

    static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preferences && ((Preferences) o).asMap().equals(asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
