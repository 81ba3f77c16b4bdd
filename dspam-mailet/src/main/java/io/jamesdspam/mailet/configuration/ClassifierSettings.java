package io.jamesdspam.mailet.configuration;

import static io.jamesdspam.mailet.configuration.PerMailetKeys.ATTRIBUTE;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.MAX_SIZE;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.MODE;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.SKIP_AUTHENTICATED;

import java.util.Map;
import java.util.Set;

import org.apache.mailet.AttributeName;

import io.jamesdspam.attribute.DspamResultAttribute;

/**
 * How a mail is classified, for the Dspam mailet and the SMTP hook alike: {@code mode} [process],
 * {@code attribute} [dspam.result], {@code maxSize} [500000 bytes; {@code 500k} works too],
 * {@code skipAuthenticated} [true].
 */
public final class ClassifierSettings {
    public static final Set<String> KEYS = Set.of(MODE, ATTRIBUTE, MAX_SIZE, SKIP_AUTHENTICATED);
    /** The qpsmtpd plugin's hard-coded limit. */
    public static final long DEFAULT_MAX_SIZE = 500_000;

    private final ClassificationMode mode;
    private final AttributeName attributeName;
    private final long maxSize;
    private final boolean skipAuthenticated;

    private ClassifierSettings(ClassificationMode mode, AttributeName attributeName, long maxSize,
                               boolean skipAuthenticated) {
        this.mode = mode;
        this.attributeName = attributeName;
        this.maxSize = maxSize;
        this.skipAuthenticated = skipAuthenticated;
    }

    /** @throws IllegalArgumentException naming the bad key */
    public static ClassifierSettings from(ComponentParameters parameters) {
        return new ClassifierSettings(
            parameters.value(MODE, ClassificationMode::parse, ClassificationMode.PROCESS),
            parameters.value(ATTRIBUTE, AttributeName::of, AttributeName.of(DspamResultAttribute.DEFAULT_NAME)),
            parameters.positiveSize(MAX_SIZE, DEFAULT_MAX_SIZE),
            parameters.bool(SKIP_AUTHENTICATED, true));
    }

    public static ClassifierSettings defaults() {
        return from(ComponentParameters.of(KEYS, Map.of(), Map.of()));
    }

    public ClassificationMode mode() {
        return mode;
    }

    public AttributeName attributeName() {
        return attributeName;
    }

    public long maxSize() {
        return maxSize;
    }

    public boolean skipAuthenticated() {
        return skipAuthenticated;
    }

    @Override
    public String toString() {
        return "mode=" + mode + ", attribute=" + attributeName.asString() + ", maxSize=" + maxSize
            + ", skipAuthenticated=" + skipAuthenticated;
    }
}
