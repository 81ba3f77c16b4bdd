package io.jamesdspam.engine.config;

import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.model.DspamFeature;

/** The {@code Feature} items of dspam.conf or a request's {@code --feature=}: noise reduction, whitelist, training buffer. */
public final class Features {
    public static final Features NONE = new Features(false, false, 0);
    private static final Logger LOGGER = LoggerFactory.getLogger(Features.class);

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
