package io.jamesdspam.mailet.backend;

import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.client.DlmtpClient;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.mailet.configuration.BackendType;
import io.jamesdspam.mailet.configuration.DspamConfiguration;

/**
 * Builds the backend {@code dspam.properties} asks for: the embedded engine over its store (the
 * journal under James's working directory by default, or DSPAM's SQL tables, see
 * {@link EmbeddedStorage}), or a DLMTP client to dspamd.
 */
public final class DspamBackendFactory {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamBackendFactory.class);

    private DspamBackendFactory() {
    }

    public static DspamBackend create(DspamConfiguration configuration, Path workingDirectory) {
        return create(configuration, openStorage(configuration, workingDirectory));
    }

    /** The embedded engine's storage, opened when the backend is embedded (empty for dspamd). */
    public static Optional<EmbeddedStorage> openStorage(DspamConfiguration configuration, Path workingDirectory) {
        return configuration.backendType() == BackendType.EMBEDDED
            ? Optional.of(EmbeddedStorage.open(configuration, workingDirectory))
            : Optional.empty();
    }

    /** The backend over {@code storage}, which {@link #openStorage} opened for the same configuration. */
    public static DspamBackend create(DspamConfiguration configuration, Optional<EmbeddedStorage> storage) {
        switch (configuration.backendType()) {
            case DSPAMD:
                LOGGER.info("DSPAM backend: dspamd via DLMTP, {}", configuration.dspamdClient().orElseThrow());
                return DlmtpClient.create(configuration.dspamdClient().orElseThrow());
            case EMBEDDED:
                EmbeddedStorage embedded = storage.orElseThrow(() -> new IllegalStateException("The embedded backend needs its storage"));
                return EmbeddedDspam.create(embedded.settings(), embedded.store());
            default:
                throw new IllegalStateException("Unhandled backend " + configuration.backendType());
        }
    }

    /**
     * {@code embedded.directory} resolved: the embedded journal store, and the file training ledger
     * (relative paths are under James's working directory).
     */
    public static Path embeddedDirectory(DspamConfiguration configuration, Path workingDirectory) {
        return EmbeddedStorage.embeddedDirectory(configuration, workingDirectory);
    }
}
