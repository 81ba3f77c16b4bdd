package io.jamesdspam.mailet.configuration;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.configuration2.Configuration;

import io.jamesdspam.client.DlmtpClientConfiguration;
import io.jamesdspam.config.SettingValues;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.user.DspamUserMapping;

/**
 * What every DSPAM component of James shares, parsed once from {@code dspam.properties} (through
 * James's {@code PropertiesProvider}) by {@code DspamModule}: the backend and its client or
 * embedded store, the user mapping and the training mailboxes; and the defaults the file gives for
 * the per-mailet keys, which each mailet and the SMTP hook read (only those it uses) into its own
 * settings ({@link DspamSettings}, {@link DspamTrainSettings}, {@link RejectHookSettings}). Every
 * value is checked here, at start, and every error names the bad key.
 *
 * <p>Keys (defaults in brackets):
 * <ul>
 *   <li>{@code backend} [embedded] — {@code embedded} or {@code dspamd};</li>
 *   <li>{@code embedded.directory} [var/dspam] — the embedded store, relative to James's working
 *       directory unless absolute; {@code embedded.dspamConf} — an optional dspam.conf for the
 *       engine's settings; {@code embedded.loadedUsers} [1000] — users whose files the embedded
 *       store keeps open; {@code embedded.cacheSize} [128M] — heap for the dictionaries of the
 *       busiest of them (see {@code JournalDspamStore.Options}), with SQL storage for the node's copy of
 *       token rows (see {@code SqlStoreOptions#withTokenCache}); {@code embedded.changedRowsSize} [a third
 *       of the heap] — heap for the rows the open users changed since their snapshots, past which
 *       the least recently used are closed; {@code embedded.backgroundCompaction}
 *       [true] — whether the store's own thread compacts a user's journal after the message that
 *       filled it returned, or that message before it returns;</li>
 *   <li>{@code embedded.storage} [journal] — {@code journal}, {@code postgresql} or {@code mysql}
 *       ({@code mariadb}), with {@code embedded.sql.url}, {@code .user}, {@code .password},
 *       {@code .poolSize} [8]; or the storage keys of {@code embedded.dspamConf}, see
 *       {@link EmbeddedStorageSettings};</li>
 *   <li>{@code dspamd.*} — the DLMTP client's settings (endpoints, ident, password, pool size,
 *       timeouts; see {@link DlmtpClientConfiguration}), checked when the backend is dspamd;</li>
 *   <li>{@code backend.threads} [32], {@code breaker.enabled} [true], {@code breaker.failures} [3],
 *       {@code breaker.openFor} [30s], {@code breaker.slowCall} [5s] — how calls to the backend are bounded, see
 *       {@link BackendGuardSettings};</li>
 *   <li>{@code userMapping} [recipient] — see {@link DspamUserMapping}; shared with retraining,
 *       so it cannot be overridden per mailet;</li>
 *   <li>{@code spamMailboxes} [Spam,Junk], {@code trashMailboxes} [Trash,Deleted,Deleted Items,
 *       Deleted Messages] — see {@link SpecialMailboxes}; read by the retrain listener and the
 *       periodic training task, and only from here;</li>
 *   <li>{@code listener.mode} [background] — see {@link RetrainListenerMode};</li>
 *   <li>{@code webadmin.maxMessageSize} [32M], {@code webadmin.maxCorpusSize} [4G] — the largest
 *       bodies the DSPAM WebAdmin routes accept ({@code RouteLimits});</li>
 *   <li>{@code purge.daily} [04:00 for the journal store, off for a database] — see {@link PurgeSchedule};</li>
 *   <li>defaults for the per-mailet keys ({@link PerMailetKeys}).</li>
 * </ul>
 */
public final class DspamConfiguration {
    public static final String BACKEND = "backend";
    public static final String EMBEDDED_DIRECTORY = "embedded.directory";
    public static final String EMBEDDED_DSPAM_CONF = "embedded.dspamConf";
    public static final String EMBEDDED_GROUPS = "embedded.groups";
    public static final String EMBEDDED_LOADED_USERS = "embedded.loadedUsers";
    public static final String EMBEDDED_CACHE_SIZE = "embedded.cacheSize";
    public static final String EMBEDDED_CHANGED_ROWS_SIZE = "embedded.changedRowsSize";
    public static final String EMBEDDED_BACKGROUND_COMPACTION = "embedded.backgroundCompaction";
    public static final String DSPAMD_PREFIX = "dspamd.";
    public static final String USER_MAPPING = "userMapping";
    public static final String BACKEND_THREADS = "backend.threads";
    public static final String BREAKER_ENABLED = "breaker.enabled";
    public static final String BREAKER_FAILURES = "breaker.failures";
    public static final String BREAKER_OPEN_FOR = "breaker.openFor";
    public static final String BREAKER_SLOW_CALL = "breaker.slowCall";
    public static final String WEBADMIN_MAX_MESSAGE_SIZE = "webadmin.maxMessageSize";
    public static final String WEBADMIN_MAX_CORPUS_SIZE = "webadmin.maxCorpusSize";

    public static final String DEFAULT_EMBEDDED_DIRECTORY = "var/dspam";

    private static final Set<String> SHARED_KEYS = Stream.concat(Stream.of(BACKEND, EMBEDDED_DIRECTORY, EMBEDDED_DSPAM_CONF,
        EMBEDDED_GROUPS, EMBEDDED_LOADED_USERS, EMBEDDED_CACHE_SIZE, EMBEDDED_CHANGED_ROWS_SIZE, EMBEDDED_BACKGROUND_COMPACTION, USER_MAPPING,
        SpecialMailboxes.SPAM_MAILBOXES_KEY, SpecialMailboxes.TRASH_MAILBOXES_KEY,
        BACKEND_THREADS, BREAKER_ENABLED, BREAKER_FAILURES, BREAKER_OPEN_FOR, BREAKER_SLOW_CALL, RetrainListenerMode.KEY,
        WEBADMIN_MAX_MESSAGE_SIZE, WEBADMIN_MAX_CORPUS_SIZE, PurgeSchedule.KEY),
        EmbeddedStorageSettings.KEYS.stream()).collect(Collectors.toUnmodifiableSet());

    private final BackendType backendType;
    private final String embeddedDirectory;
    private final Optional<String> embeddedDspamConf;
    private final Optional<String> embeddedGroups;
    private final Optional<Integer> embeddedLoadedUsers;
    private final Optional<Long> embeddedCacheSize;
    private final Optional<Long> embeddedChangedRowsSize;
    private final boolean embeddedBackgroundCompaction;
    private final EmbeddedStorageSettings embeddedStorage;
    private final Optional<DlmtpClientConfiguration> dspamdClient;
    private final BackendGuardSettings backendGuard;
    private final DspamUserMapping userMapping;
    private final SpecialMailboxes specialMailboxes;
    private final RetrainListenerMode listenerMode;
    private final Optional<Long> webAdminMaxMessageSize;
    private final Optional<Long> webAdminMaxCorpusSize;
    private final PurgeSchedule purgeSchedule;
    private final Map<String, String> perMailetDefaults;

    private DspamConfiguration(Map<String, String> raw) {
        for (String key : raw.keySet()) {
            if (!isSharedKey(key) && !PerMailetKeys.ALL.contains(key)) {
                throw new IllegalArgumentException("Unknown DSPAM setting '" + key + "'");
            }
        }
        ComponentParameters shared = ComponentParameters.of(SHARED_KEYS, raw, Map.of());
        this.backendType = shared.value(BACKEND, BackendType::parse, BackendType.EMBEDDED);
        this.embeddedDirectory = shared.raw(EMBEDDED_DIRECTORY).orElse(DEFAULT_EMBEDDED_DIRECTORY);
        this.embeddedDspamConf = shared.raw(EMBEDDED_DSPAM_CONF);
        this.embeddedGroups = shared.raw(EMBEDDED_GROUPS).map(String::trim);
        this.embeddedLoadedUsers = shared.raw(EMBEDDED_LOADED_USERS).map(v -> shared.positiveInt(EMBEDDED_LOADED_USERS, 1));
        // 0 is allowed: no heap copies of dictionaries
        this.embeddedCacheSize = shared.raw(EMBEDDED_CACHE_SIZE).map(v -> shared.value(EMBEDDED_CACHE_SIZE, SettingValues::parseSize, 0L));
        this.embeddedChangedRowsSize = shared.raw(EMBEDDED_CHANGED_ROWS_SIZE)
            .map(v -> shared.value(EMBEDDED_CHANGED_ROWS_SIZE, SettingValues::parseSize, 0L));
        this.embeddedBackgroundCompaction = shared.bool(EMBEDDED_BACKGROUND_COMPACTION, true);
        this.embeddedStorage = EmbeddedStorageSettings.from(shared, backendType);
        this.dspamdClient = backendType == BackendType.DSPAMD ? Optional.of(dspamdClient(raw)) : Optional.empty();
        this.backendGuard = new BackendGuardSettings(
            shared.positiveInt(BACKEND_THREADS, BackendGuardSettings.DEFAULT_THREADS),
            shared.bool(BREAKER_ENABLED, true),
            shared.positiveInt(BREAKER_FAILURES, BackendGuardSettings.DEFAULT_BREAKER_FAILURES),
            shared.positiveDuration(BREAKER_OPEN_FOR, BackendGuardSettings.DEFAULT_BREAKER_OPEN_FOR),
            shared.positiveDuration(BREAKER_SLOW_CALL, BackendGuardSettings.DEFAULT_BREAKER_SLOW_CALL));
        this.userMapping = shared.value(USER_MAPPING, DspamUserMapping::parse, DspamUserMapping.recipient());
        this.specialMailboxes = SpecialMailboxes.of(
            shared.value(SpecialMailboxes.SPAM_MAILBOXES_KEY, SpecialMailboxes::parseNames, SpecialMailboxes.DEFAULT_SPAM_NAMES),
            shared.value(SpecialMailboxes.TRASH_MAILBOXES_KEY, SpecialMailboxes::parseNames, SpecialMailboxes.DEFAULT_TRASH_NAMES));
        this.listenerMode = shared.value(RetrainListenerMode.KEY, RetrainListenerMode::parse, RetrainListenerMode.BACKGROUND);
        this.webAdminMaxMessageSize = shared.raw(WEBADMIN_MAX_MESSAGE_SIZE).map(v -> shared.positiveSize(WEBADMIN_MAX_MESSAGE_SIZE, 1));
        this.webAdminMaxCorpusSize = shared.raw(WEBADMIN_MAX_CORPUS_SIZE).map(v -> shared.positiveSize(WEBADMIN_MAX_CORPUS_SIZE, 1));
        this.purgeSchedule = shared.value(PurgeSchedule.KEY, PurgeSchedule::parse, PurgeSchedule.unset());
        if (backendType == BackendType.DSPAMD && purgeSchedule.asksForPurge()) {
            throw new IllegalArgumentException("Invalid DSPAM setting '" + PurgeSchedule.KEY + "': a dspamd's store is purged"
                + " by dspam_clean on its host, not by James (off, or remove the key)");
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        raw.forEach((key, v) -> {
            if (PerMailetKeys.ALL.contains(key)) {
                defaults.put(key, v);
            }
        });
        this.perMailetDefaults = Map.copyOf(defaults);
        checkPerMailetDefaults();
    }

    /** The defaults: embedded backend, recipient user mapping, the default training mailboxes. */
    public static DspamConfiguration defaults() {
        return new DspamConfiguration(Map.of());
    }

    /** Parses {@code dspam.properties}. @throws IllegalArgumentException naming the bad key */
    public static DspamConfiguration from(Configuration configuration) {
        Map<String, String> raw = new LinkedHashMap<>();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            raw.put(key, String.join(",", configuration.getStringArray(key)));
        }
        return new DspamConfiguration(raw);
    }

    public static DspamConfiguration of(Map<String, String> settings) {
        return new DspamConfiguration(settings);
    }

    /** Whether {@code key} belongs to the settings every component shares (never a mailet parameter). */
    static boolean isSharedKey(String key) {
        return SHARED_KEYS.contains(key) || key.startsWith(DSPAMD_PREFIX);
    }

    /**
     * A bad default stops James at start rather than at the first mailet that reads it: parsed
     * here as the components that read them do (DspamTrain's keys are a subset of these two).
     */
    private void checkPerMailetDefaults() {
        DspamSettings.from(this, Map.of());
        RejectHookSettings.from(this, Map.of());
    }

    private static DlmtpClientConfiguration dspamdClient(Map<String, String> raw) {
        Map<String, String> dspamd = new TreeMap<>();
        raw.forEach((key, v) -> {
            if (key.startsWith(DSPAMD_PREFIX)) {
                dspamd.put(key, v);
            }
        });
        try {
            return DlmtpClientConfiguration.from(dspamd);
        } catch (IllegalArgumentException e) {
            // The client's messages start with the offending key.
            throw new IllegalArgumentException("Invalid DSPAM setting " + e.getMessage(), e);
        }
    }

    public BackendType backendType() {
        return backendType;
    }

    /** Where the embedded store lives; relative paths are under James's working directory. */
    public String embeddedDirectory() {
        return embeddedDirectory;
    }

    public Optional<String> embeddedDspamConf() {
        return embeddedDspamConf;
    }

    /**
     * {@code embedded.groups}: DSPAM's group file for the embedded engine; it replaces a
     * {@code GroupConfig} of {@code embedded.dspamConf}. Absent = dspam.conf's, if any.
     */
    public Optional<String> embeddedGroups() {
        return embeddedGroups;
    }

    /** Users whose files the embedded store keeps open; absent = the store's default. */
    public Optional<Integer> embeddedLoadedUsers() {
        return embeddedLoadedUsers;
    }

    /** Whether the embedded journal store compacts on its own thread (true) or on the message's. */
    public boolean embeddedBackgroundCompaction() {
        return embeddedBackgroundCompaction;
    }

    /** Heap in bytes for the embedded store's cached dictionaries; absent = the store's default. */
    public Optional<Long> embeddedCacheSize() {
        return embeddedCacheSize;
    }

    /** Heap for the open users' changed rows (journal store); empty: a third of the heap. */
    public Optional<Long> embeddedChangedRowsSize() {
        return embeddedChangedRowsSize;
    }

    /** Journal or SQL storage for the embedded engine ({@code embedded.storage}, {@code embedded.sql.*}). */
    public EmbeddedStorageSettings embeddedStorage() {
        return embeddedStorage;
    }

    /** The DLMTP client's settings (the {@code dspamd.*} keys), present when the backend is dspamd. */
    public Optional<DlmtpClientConfiguration> dspamdClient() {
        return dspamdClient;
    }

    /** How calls to the shared backend are bounded (threads, circuit breaker). */
    public BackendGuardSettings backendGuard() {
        return backendGuard;
    }

    public DspamUserMapping userMapping() {
        return userMapping;
    }

    /** The mailboxes training reads as spam and as thrown away (listener and periodic task alike). */
    public SpecialMailboxes specialMailboxes() {
        return specialMailboxes;
    }

    /** Whether the retrain listener learns in the background or inside the event handling. */
    public RetrainListenerMode listenerMode() {
        return listenerMode;
    }

    /** The largest message body the WebAdmin routes accept, in bytes; absent = the routes' default. */
    public Optional<Long> webAdminMaxMessageSize() {
        return webAdminMaxMessageSize;
    }

    /** The largest corpus (mbox) body the WebAdmin routes accept, in bytes; absent = the routes' default. */
    public Optional<Long> webAdminMaxCorpusSize() {
        return webAdminMaxCorpusSize;
    }

    /** {@code purge.daily}: when James purges the embedded engine's store itself. */
    public PurgeSchedule purgeSchedule() {
        return purgeSchedule;
    }

    /** The per-mailet keys {@code dspam.properties} sets, as written; each component parses those it uses. */
    public Map<String, String> perMailetDefaults() {
        return perMailetDefaults;
    }

    @Override
    public String toString() {
        return "DspamConfiguration{backend=" + backendType.name().toLowerCase(Locale.ROOT) + ", userMapping=" + userMapping
            + ", spamMailboxes=" + specialMailboxes.spamNames() + ", trashMailboxes=" + specialMailboxes.trashNames()
            + ", perMailetDefaults=" + perMailetDefaults.keySet() + "}";
    }
}
