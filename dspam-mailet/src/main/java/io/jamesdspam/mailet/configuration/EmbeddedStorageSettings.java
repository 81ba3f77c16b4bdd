package io.jamesdspam.mailet.configuration;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.engine.storage.sql.StorageSettings;

/**
 * Where the embedded engine keeps its dictionaries: the journal store under
 * {@code embedded.directory} (default) or DSPAM's SQL tables, chosen either by James's keys
 * ({@code embedded.storage=journal|postgresql|mysql}, {@code mariadb} being an alias of
 * {@code mysql}, with {@code embedded.sql.url}, {@code .user}, {@code .password}, {@code .poolSize})
 * or by the {@code StorageDriver} and {@code MySQL*}/{@code PgSQL*} keys of the dspam.conf named by
 * {@code embedded.dspamConf}, so that an existing DSPAM installation's file works as it is.
 *
 * <p>Both at once is refused: when {@code embedded.storage} is set and the dspam.conf names an
 * SQL driver, nobody could tell which database James would write to. A dspam.conf naming
 * {@code hash_drv} (or no driver) does not choose anything, since its hash files cannot be opened.
 */
public final class EmbeddedStorageSettings {
    public static final String STORAGE = "embedded.storage";
    public static final String SQL_URL = "embedded.sql.url";
    public static final String SQL_USER = "embedded.sql.user";
    public static final String SQL_PASSWORD = "embedded.sql.password";
    public static final String SQL_POOL_SIZE = "embedded.sql.poolSize";

    static final Set<String> KEYS = Set.of(STORAGE, SQL_URL, SQL_USER, SQL_PASSWORD, SQL_POOL_SIZE);

    private final Optional<StorageSettings.Kind> explicitKind;
    private final Optional<SqlStoreOptions> explicitSql;
    private final Optional<Integer> poolSize;

    private EmbeddedStorageSettings(Optional<StorageSettings.Kind> explicitKind, Optional<SqlStoreOptions> explicitSql,
                                    Optional<Integer> poolSize) {
        this.explicitKind = explicitKind;
        this.explicitSql = explicitSql;
        this.poolSize = poolSize;
    }

    static EmbeddedStorageSettings from(ComponentParameters shared, BackendType backend) {
        Optional<StorageSettings.Kind> kind = shared.raw(STORAGE).map(v -> shared.value(STORAGE,
            EmbeddedStorageSettings::parseKind, StorageSettings.Kind.JOURNAL));
        Optional<Integer> poolSize = shared.raw(SQL_POOL_SIZE).map(v -> shared.positiveInt(SQL_POOL_SIZE, 1));
        Optional<String> url = shared.raw(SQL_URL);
        Optional<String> user = shared.raw(SQL_USER);
        Optional<String> password = shared.raw(SQL_PASSWORD);
        if (kind.isPresent() && kind.get() != StorageSettings.Kind.JOURNAL && backend != BackendType.EMBEDDED) {
            throw new IllegalArgumentException("Invalid DSPAM setting '" + STORAGE + "': the SQL storage is the embedded "
                + "engine's; with backend=" + backend.name().toLowerCase(Locale.ROOT) + " dspamd keeps its own storage");
        }
        boolean sql = kind.isPresent() && kind.get() != StorageSettings.Kind.JOURNAL;
        if (!sql) {
            for (String key : new String[] {SQL_URL, SQL_USER, SQL_PASSWORD}) {
                if (shared.raw(key).isPresent()) {
                    throw new IllegalArgumentException("Invalid DSPAM setting '" + key + "': only used with "
                        + STORAGE + "=postgresql or mysql (" + STORAGE + " is " + kind.map(EmbeddedStorageSettings::name)
                        .orElse("not set: journal") + ")");
                }
            }
            if (kind.isPresent() && poolSize.isPresent()) {
                throw new IllegalArgumentException("Invalid DSPAM setting '" + SQL_POOL_SIZE + "': only used with SQL storage ("
                    + STORAGE + " is journal)");
            }
            return new EmbeddedStorageSettings(kind, Optional.empty(), poolSize);
        }
        String jdbcUrl = url.orElseThrow(() -> new IllegalArgumentException("Invalid DSPAM setting '" + SQL_URL
            + "': required with " + STORAGE + "=" + name(kind.get()) + " (e.g. " + exampleUrl(kind.get()) + ")"));
        if (!urlMatches(kind.get(), jdbcUrl)) {
            throw new IllegalArgumentException("Invalid DSPAM setting '" + SQL_URL + "' = '" + jdbcUrl + "': "
                + STORAGE + "=" + name(kind.get()) + " expects a URL like " + exampleUrl(kind.get()));
        }
        SqlStoreOptions options = SqlStoreOptions.of(jdbcUrl).withCredentials(user.orElse(null), password.orElse(null))
            .withPoolSize(poolSize.orElse(SqlStoreOptions.DEFAULT_POOL_SIZE));
        return new EmbeddedStorageSettings(kind, Optional.of(options), poolSize);
    }

    static StorageSettings.Kind parseKind(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "journal":
                return StorageSettings.Kind.JOURNAL;
            case "postgresql":
                return StorageSettings.Kind.POSTGRESQL;
            case "mysql":
            case "mariadb":
                return StorageSettings.Kind.MYSQL;
            default:
                throw new IllegalArgumentException("expected journal, postgresql or mysql (mariadb)");
        }
    }

    private static boolean urlMatches(StorageSettings.Kind kind, String url) {
        return kind == StorageSettings.Kind.POSTGRESQL
            ? url.startsWith("jdbc:postgresql:")
            : url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
    }

    private static String exampleUrl(StorageSettings.Kind kind) {
        return kind == StorageSettings.Kind.POSTGRESQL ? "jdbc:postgresql://db.example.org:5432/dspam"
            : "jdbc:mariadb://db.example.org:3306/dspam";
    }

    private static String name(StorageSettings.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** {@code embedded.storage} as written, absent when the file does not set it. */
    public Optional<StorageSettings.Kind> explicitKind() {
        return explicitKind;
    }

    /**
     * The SQL store to open, or empty for the journal store, given the engine's dspam.conf (empty
     * when {@code embedded.dspamConf} is not set).
     *
     * @param confName how to name the dspam.conf in an error ({@code embedded.dspamConf} and its path)
     * @throws IllegalArgumentException when both choose the storage, or the dspam.conf's storage keys are bad
     */
    public Optional<SqlStoreOptions> resolve(Optional<DspamConf> dspamConf, String confName) {
        Optional<StorageSettings> fromConf;
        try {
            fromConf = dspamConf.map(StorageSettings::from).filter(s -> s.kind() != StorageSettings.Kind.JOURNAL);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(confName + ": " + e.getMessage(), e);
        }
        if (fromConf.isEmpty()) {
            if (explicitKind.isEmpty() && poolSize.isPresent()) {
                throw new IllegalArgumentException("Invalid DSPAM setting '" + SQL_POOL_SIZE + "': only used with SQL storage "
                    + "(neither " + STORAGE + " nor a StorageDriver in " + DspamConfiguration.EMBEDDED_DSPAM_CONF + " selects it)");
            }
            return explicitSql;
        }
        if (explicitKind.isPresent()) {
            throw new IllegalArgumentException("Invalid DSPAM setting '" + STORAGE + "': " + confName + " chooses the storage "
                + "too (StorageDriver " + name(fromConf.get().kind()) + "); keep one: remove " + STORAGE + " and the "
                + "embedded.sql.* keys to use the dspam.conf's database, or comment out StorageDriver in the dspam.conf");
        }
        SqlStoreOptions options = fromConf.get().sql().orElseThrow();
        return Optional.of(poolSize.map(options::withPoolSize).orElse(options));
    }

    @Override
    public String toString() {
        return explicitKind.map(EmbeddedStorageSettings::name).orElse("default") + explicitSql.map(o -> " " + o).orElse("");
    }
}
