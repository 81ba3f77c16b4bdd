package io.jamesdspam.mailet.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.client.DlmtpClient;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.mailet.configuration.DspamConfiguration;

/**
 * Builds the backend {@code dspam.properties} asks for: the embedded engine over its persistent
 * store (default; under James's working directory unless the path is absolute), or a DLMTP client
 * to dspamd.
 */
public final class DspamBackendFactory {
    private static final Logger LOGGER = LoggerFactory.getLogger(DspamBackendFactory.class);

    private DspamBackendFactory() {
    }

    public static DspamBackend create(DspamConfiguration configuration, Path workingDirectory) {
        switch (configuration.backendType()) {
            case DSPAMD:
                LOGGER.info("DSPAM backend: dspamd via DLMTP, {}", configuration.dspamdClient().orElseThrow());
                return DlmtpClient.create(configuration.dspamdClient().orElseThrow());
            case EMBEDDED:
                return embedded(configuration, workingDirectory);
            default:
                throw new IllegalStateException("Unhandled backend " + configuration.backendType());
        }
    }

    private static DspamBackend embedded(DspamConfiguration configuration, Path workingDirectory) {
        Path directory = embeddedDirectory(configuration, workingDirectory);
        EngineSettings settings = configuration.embeddedDspamConf()
            .map(conf -> EngineSettings.from(readConf(resolve(workingDirectory, conf))))
            .orElseGet(EngineSettings::defaults);
        settings = withGroups(settings, configuration, workingDirectory);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the DSPAM store directory " + directory
                + " (" + DspamConfiguration.EMBEDDED_DIRECTORY + ")", e);
        }
        JournalDspamStore.Options options = JournalDspamStore.Options.defaults();
        options = configuration.embeddedLoadedUsers().map(options::withMaximumLoadedUsers).orElse(options);
        options = configuration.embeddedCacheSize().map(options::withDictionaryCacheBytes).orElse(options);
        LOGGER.info("DSPAM backend: embedded engine, store in {} ({} users open at most, {} bytes of dictionary cache)",
            directory, options.maximumLoadedUsers(), options.dictionaryCacheBytes());
        return EmbeddedDspam.create(settings, JournalDspamStore.open(directory, options));
    }

    /**
     * {@code embedded.groups} replaces dspam.conf's {@code GroupConfig}: DSPAM has one group file,
     * and the key lets James keep it beside its own configuration. A file missing at start means
     * no groups until it appears (the engine checks it on every message, as DSPAM does): warned.
     */
    static EngineSettings withGroups(EngineSettings settings, DspamConfiguration configuration, Path workingDirectory) {
        if (configuration.embeddedGroups().isEmpty()) {
            settings.groupConfig().ifPresent(file -> LOGGER.info("DSPAM groups: {} (GroupConfig of {})", file,
                DspamConfiguration.EMBEDDED_DSPAM_CONF));
            return settings;
        }
        Path file = resolve(workingDirectory, configuration.embeddedGroups().get());
        settings.groupConfig().ifPresent(replaced -> LOGGER.info("DSPAM groups: {} ({}) replaces dspam.conf's GroupConfig {}",
            file, DspamConfiguration.EMBEDDED_GROUPS, replaced));
        if (!Files.isRegularFile(file)) {
            LOGGER.warn("DSPAM group file {} ({}) does not exist yet: no groups apply until it does", file,
                DspamConfiguration.EMBEDDED_GROUPS);
        }
        return settings.withGroupConfig(file);
    }

    private static DspamConf readConf(Path file) {
        try {
            return DspamConf.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + " (" + DspamConfiguration.EMBEDDED_DSPAM_CONF + ")", e);
        }
    }

    /**
     * {@code embedded.directory} resolved: the embedded store, and the training ledger whatever the
     * backend (relative paths are under James's working directory).
     */
    public static Path embeddedDirectory(DspamConfiguration configuration, Path workingDirectory) {
        return resolve(workingDirectory, configuration.embeddedDirectory());
    }

    private static Path resolve(Path workingDirectory, String path) {
        Path configured = Paths.get(path);
        return configured.isAbsolute() ? configured : workingDirectory.resolve(configured).normalize();
    }
}
