package io.jamesdspam.mailet.route;

import javax.inject.Inject;

import io.jamesdspam.mailet.configuration.DspamConfiguration;

/**
 * The largest bodies the DSPAM routes accept: one message to train (in memory) and an mbox corpus
 * (spooled to a temporary file, trained one message at a time by a task).
 */
public final class RouteLimits {
    public static final String MAX_MESSAGE_SIZE = DspamConfiguration.WEBADMIN_MAX_MESSAGE_SIZE;
    public static final String MAX_CORPUS_SIZE = DspamConfiguration.WEBADMIN_MAX_CORPUS_SIZE;
    /** Matches the DLMTP server's default MaxMessageSize: larger mail is not worth a dictionary. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 32L * 1024 * 1024;
    public static final long DEFAULT_MAX_CORPUS_SIZE = 4L * 1024 * 1024 * 1024;

    private final long maxMessageSize;
    private final long maxCorpusSize;

    /** The defaults (servers whose Guice module binds no limits of its own). */
    @Inject
    public RouteLimits() {
        this(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_CORPUS_SIZE);
    }

    public RouteLimits(long maxMessageSize, long maxCorpusSize) {
        if (maxMessageSize <= 0 || maxCorpusSize <= 0) {
            throw new IllegalArgumentException("Body size limits must be positive");
        }
        this.maxMessageSize = maxMessageSize;
        this.maxCorpusSize = maxCorpusSize;
    }

    /** The limits {@code dspam.properties} sets, the defaults for those it does not. */
    public static RouteLimits from(DspamConfiguration configuration) {
        return new RouteLimits(configuration.webAdminMaxMessageSize().orElse(DEFAULT_MAX_MESSAGE_SIZE),
            configuration.webAdminMaxCorpusSize().orElse(DEFAULT_MAX_CORPUS_SIZE));
    }

    public static RouteLimits defaults() {
        return new RouteLimits(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_CORPUS_SIZE);
    }

    public long maxMessageSize() {
        return maxMessageSize;
    }

    public long maxCorpusSize() {
        return maxCorpusSize;
    }
}
