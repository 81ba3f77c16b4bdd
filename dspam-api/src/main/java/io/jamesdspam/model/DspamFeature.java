package io.jamesdspam.model;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code --feature=} item: {@code no} (noise reduction / BNR), {@code wh} (whitelist),
 * {@code tb=N} (training buffer / statistical sedation). Validated because it is sent inside the
 * option string, where a space or quote would change its meaning.
 */
public final class DspamFeature {
    private static final Pattern NAME = Pattern.compile("[a-z]{1,16}");

    public static final DspamFeature NOISE_REDUCTION = new DspamFeature("no", Optional.empty());
    public static final DspamFeature WHITELIST = new DspamFeature("wh", Optional.empty());

    private final String name;
    private final Optional<Integer> value;

    private DspamFeature(String name, Optional<Integer> value) {
        this.name = name;
        this.value = value;
    }

    public static DspamFeature trainingBuffer(int level) {
        if (level < 0 || level > 10) {
            throw new IllegalArgumentException("Training buffer level must be within 0..10, got " + level);
        }
        return new DspamFeature("tb", Optional.of(level));
    }

    /** Parses {@code name} or {@code name=N}. */
    public static DspamFeature parse(String item) {
        Objects.requireNonNull(item, "feature");
        int equals = item.indexOf('=');
        String name = equals < 0 ? item : item.substring(0, equals);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid DSPAM feature '" + item + "'");
        }
        if (equals < 0) {
            return new DspamFeature(name, Optional.empty());
        }
        try {
            return new DspamFeature(name, Optional.of(Integer.parseInt(item.substring(equals + 1))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid DSPAM feature value in '" + item + "'", e);
        }
    }

    public String name() {
        return name;
    }

    public Optional<Integer> value() {
        return value;
    }

    public String asOption() {
        return value.map(v -> name + "=" + v).orElse(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DspamFeature && ((DspamFeature) o).name.equals(name) && ((DspamFeature) o).value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, value);
    }

    @Override
    public String toString() {
        return asOption();
    }
}
