package io.jamesdspam.engine.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dspam.conf file read the way DSPAM reads it: one {@code Key value...} per line, keys
 * case-insensitive, {@code #} and {@code ;} start a comment anywhere on the line, values may be
 * double-quoted, a key may repeat ({@code Preference}, {@code Algorithm}, {@code Feature},
 * {@code ServerPass.<ident>}). The keys are those of {@link DspamKeys}; the typed accessors parse a
 * value with {@link ConfValues}, so every component reads a key the same way and an error names
 * the key. The engine, the DLMTP server and the tools each take their settings from one instance,
 * which reports the keys nobody knows once ({@link #warnUnknownKeys()}).
 */
public final class DspamConf {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamConf.class);

    private final Map<String, List<String>> values;
    private final Map<String, String> spelling;
    private final AtomicBoolean unknownKeysReported = new AtomicBoolean();

    private DspamConf(Map<String, List<String>> values, Map<String, String> spelling) {
        this.values = values;
        this.spelling = spelling;
    }

    public static DspamConf empty() {
        return new DspamConf(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    public static DspamConf read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            return read(reader);
        }
    }

    public static DspamConf parse(String text) {
        try {
            return read(new StringReader(text));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DspamConf read(Reader reader) throws IOException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> spelling = new LinkedHashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        while ((line = lines.readLine()) != null) {
            String content = stripComment(line).trim();
            if (content.isEmpty()) {
                continue;
            }
            int split = indexOfWhitespace(content);
            String key = split < 0 ? content : content.substring(0, split);
            String value = split < 0 ? "" : unquote(content.substring(split).trim());
            String normalized = key.toLowerCase(Locale.ROOT);
            values.computeIfAbsent(normalized, k -> new ArrayList<>()).add(value);
            spelling.putIfAbsent(normalized, key);
        }
        return new DspamConf(values, spelling);
    }

    private static String stripComment(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if ((c == '#' || c == ';') && !quoted) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /** The last value of a key (DSPAM's "last one wins" for single-valued attributes). */
    public Optional<String> get(String key) {
        List<String> all = values.get(key.toLowerCase(Locale.ROOT));
        return all == null || all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Every value of a repeated key, in file order. */
    public List<String> getAll(String key) {
        return Collections.unmodifiableList(values.getOrDefault(key.toLowerCase(Locale.ROOT), List.of()));
    }

    /** {@code Preference "name=value"} lines as a map (names lower-cased, last one wins). */
    public Map<String, String> preferences() {
        Map<String, String> preferences = new LinkedHashMap<>();
        for (String preference : getAll("Preference")) {
            int equals = preference.indexOf('=');
            if (equals > 0) {
                preferences.put(preference.substring(0, equals).trim().toLowerCase(Locale.ROOT),
                    preference.substring(equals + 1).trim());
            }
        }
        return preferences;
    }

    /** Keys whose lower-cased name starts with {@code prefix} (e.g. {@code serverpass.}), as written. */
    public Map<String, String> withPrefix(String prefix) {
        String lower = prefix.toLowerCase(Locale.ROOT);
        Map<String, String> result = new LinkedHashMap<>();
        values.forEach((key, all) -> {
            if (key.startsWith(lower) && !all.isEmpty()) {
                result.put(spelling.get(key), all.get(all.size() - 1));
            }
        });
        return result;
    }

    /** Every key as first written, for reporting unknown keys. */
    public List<String> keys() {
        return new ArrayList<>(spelling.values());
    }

    // ---- typed accessors over the table of known keys ----

    /** The last value of the key, as written (quotes removed). */
    public Optional<String> text(DspamKey key) {
        return get(key.name());
    }

    /** The last value of the key, blank values counting as absent. */
    public Optional<String> nonBlank(DspamKey key) {
        return text(key).filter(value -> !value.isBlank());
    }

    public Optional<Boolean> onOff(DspamKey key) {
        return text(key).map(value -> ConfValues.onOff(key.name(), value));
    }

    public Optional<Integer> integer(DspamKey key, int min, int max) {
        return text(key).map(value -> ConfValues.integer(key.name(), value, min, max));
    }

    public Optional<Duration> seconds(DspamKey key, int min, int max) {
        return text(key).map(value -> ConfValues.seconds(key.name(), value, min, max));
    }

    public Optional<Path> path(DspamKey key) {
        return nonBlank(key).map(value -> ConfValues.parse(key.name(), value, Paths::get));
    }

    /** The last value parsed by {@code parser}; its error is reworded to name the key. */
    public <T> Optional<T> value(DspamKey key, Function<String, T> parser) {
        return text(key).map(value -> ConfValues.parse(key.name(), value, parser));
    }

    /** Every value of a repeated key, in file order. */
    public List<String> all(DspamKey key) {
        return getAll(key.name());
    }

    /** The words of every line of the key (blank- or comma-separated), in file order. */
    public List<String> words(DspamKey key) {
        List<String> words = new ArrayList<>();
        for (String line : all(key)) {
            words.addAll(ConfValues.words(line));
        }
        return words;
    }

    /** The keys of a family ({@code ServerPass.}) as written, with their last values. */
    public Map<String, String> family(DspamKey family) {
        return withPrefix(family.name());
    }

    /**
     * Logs, once per file and once per key, the keys that are in no component's table: DSPAM has
     * no such key, so it is most likely a typo. Every reader of the file may call this.
     */
    public void warnUnknownKeys() {
        if (!unknownKeysReported.compareAndSet(false, true)) {
            return;
        }
        for (String key : unknownKeys()) {
            LOGGER.warn("dspam.conf: '{}' is not a DSPAM key; ignored (a typo?)", key);
        }
    }

    /** The keys of this file no table knows, as written. */
    public List<String> unknownKeys() {
        List<String> unknown = new ArrayList<>();
        for (String key : keys()) {
            if (DspamKeys.find(key).isEmpty()) {
                unknown.add(key);
            }
        }
        return unknown;
    }
}
