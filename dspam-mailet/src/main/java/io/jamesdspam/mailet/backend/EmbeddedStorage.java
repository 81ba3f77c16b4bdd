package io.jamesdspam.mailet.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.engine.storage.sql.StorageSettings;
import io.jamesdspam.mailet.configuration.DspamConfiguration;

/**
 * What the embedded engine opens at start: its settings (DSPAM's defaults, or
 * {@code embedded.dspamConf}) and its store, the journal under {@code embedded.directory} or
 * DSPAM's SQL tables ({@code embedded.storage}, or the dspam.conf's {@code StorageDriver}). The
 * SQL store's connection pool is the node's only one: the training ledger's tables use it too.
 */
public final class EmbeddedStorage {
    private static final Logger LOGGER = LoggerFactory.getLogger(EmbeddedStorage.class);

    private final EngineSettings settings;
    private final DspamStore store;
    private final Optional<SqlDspamStore> sql;

    private EmbeddedStorage(EngineSettings settings, DspamStore store, Optional<SqlDspamStore> sql) {
        this.settings = settings;
        this.store = store;
        this.sql = sql;
    }

    /**
     * Opens the store {@code configuration} names (relative paths under {@code workingDirectory}).
     *
     * @throws IllegalArgumentException naming the key when the storage settings are contradictory or bad
     * @throws io.jamesdspam.engine.storage.DspamStoreException when the store cannot be opened
     */
    public static EmbeddedStorage open(DspamConfiguration configuration, Path workingDirectory) {
        Optional<Path> confFile = configuration.embeddedDspamConf().map(conf -> resolve(workingDirectory, conf));
        Optional<DspamConf> conf = confFile.map(EmbeddedStorage::readConf);
        EngineSettings settings = withGroups(conf.map(EngineSettings::from).orElseGet(EngineSettings::defaults),
            configuration, workingDirectory);
        String confName = DspamConfiguration.EMBEDDED_DSPAM_CONF + confFile.map(file -> " (" + file + ")").orElse("");
        Optional<SqlStoreOptions> sqlOptions = configuration.embeddedStorage().resolve(conf, confName);
        if (sqlOptions.isPresent()) {
            // embedded.cacheSize is the heap for dictionaries whatever the storage: here the node's copy of token rows
            SqlStoreOptions options = configuration.embeddedCacheSize()
                .map(bytes -> sqlOptions.get().withTokenCache(bytes, sqlOptions.get().tokenCacheAge()))
                .orElse(sqlOptions.get());
            LOGGER.info("DSPAM backend: embedded engine, SQL storage {}", options);
            SqlDspamStore store = SqlDspamStore.open(options);
            return new EmbeddedStorage(settings, store, Optional.of(store));
        }
        Path directory = embeddedDirectory(configuration, workingDirectory);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the DSPAM store directory " + directory
                + " (" + DspamConfiguration.EMBEDDED_DIRECTORY + ")", e);
        }
        if (conf.filter(StorageSettings::namesHashDriver).isPresent()) {
            LOGGER.warn("{} names DSPAM's hash driver: James does not use its .css files (they cannot be shared), its"
                + " dictionaries are the journal store in {}. To keep what that DSPAM learned, stop James and run"
                + " java -jar dspam-tool.jar copy --config {} --to-store {}", confName, directory, confFile.get(), directory);
        }
        conf.flatMap(StorageSettings::unsupportedDriver).ifPresent(driver -> LOGGER.warn("{} names StorageDriver {}, whose"
            + " database James cannot open (it opens mysql_drv and pgsql_drv): its dictionaries are the journal store in {},"
            + " and what that DSPAM learned is not there", confName, driver, directory));
        JournalDspamStore.Options options = JournalDspamStore.Options.defaults();
        options = configuration.embeddedLoadedUsers().map(options::withMaximumLoadedUsers).orElse(options);
        options = configuration.embeddedCacheSize().map(options::withDictionaryCacheBytes).orElse(options);
        options = configuration.embeddedChangedRowsSize().map(options::withChangedRowsBytes).orElse(options);
        options = options.withCompactionInBackground(configuration.embeddedBackgroundCompaction());
        LOGGER.info("DSPAM backend: embedded engine, store in {} ({} users open at most, {} bytes of dictionary cache,"
            + " {} bytes for their changed rows, compactions {})", directory, options.maximumLoadedUsers(),
            options.dictionaryCacheBytes(), options.changedRowsBytes(),
            options.compactionInBackground() ? "in the background" : "by the messages");
        return new EmbeddedStorage(settings, JournalDspamStore.open(directory, options), Optional.empty());
    }

    public EngineSettings settings() {
        return settings;
    }

    public DspamStore store() {
        return store;
    }

    /** The SQL store, when the dictionaries live in a database (its pool serves the ledger too). */
    public Optional<SqlDspamStore> sql() {
        return sql;
    }

    /**
     * {@code embedded.groups} replaces dspam.conf's {@code GroupConfig}: DSPAM has one group file,
     * and the key lets James keep it beside its own configuration. A file missing at start means
     * no groups until it appears (the engine checks it on every message, as DSPAM does): warned.
     */
    private static EngineSettings withGroups(EngineSettings settings, DspamConfiguration configuration, Path workingDirectory) {
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
     * {@code embedded.directory} resolved: the journal store, and the file training ledger
     * whenever the storage is not SQL (relative paths are under James's working directory).
     */
    public static Path embeddedDirectory(DspamConfiguration configuration, Path workingDirectory) {
        return resolve(workingDirectory, configuration.embeddedDirectory());
    }

    private static Path resolve(Path workingDirectory, String path) {
        Path configured = Paths.get(path);
        return configured.isAbsolute() ? configured : workingDirectory.resolve(configured).normalize();
    }
}
