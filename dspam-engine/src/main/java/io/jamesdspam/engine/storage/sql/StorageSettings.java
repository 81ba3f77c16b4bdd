package io.jamesdspam.engine.storage.sql;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.jamesdspam.engine.config.ConfValues;
import io.jamesdspam.engine.config.DspamConf;


/**
 * The storage a dspam.conf names, read with DSPAM's own keys so that an existing installation's
 * file works as it is: {@code StorageDriver} ending in {@code mysql_drv} or {@code pgsql_drv}
 * (a library path such as {@code /usr/lib/dspam/libmysql_drv.so} too) selects the SQL store, with
 * <ul>
 *   <li>{@code MySQLServer} (a host, or a socket path starting with {@code /}), {@code MySQLPort}
 *       (3306), {@code MySQLUser}, {@code MySQLPass}, {@code MySQLDb}, {@code MySQLSocket};
 *       {@code MySQLVirtualTable}, {@code MySQLVirtualUIDField}, {@code MySQLVirtualUsernameField};</li>
 *   <li>{@code PgSQLServer}, {@code PgSQLPort} (5432), {@code PgSQLUser}, {@code PgSQLPass},
 *       {@code PgSQLDb}; {@code PgSQLVirtualTable}, {@code PgSQLVirtualUIDField},
 *       {@code PgSQLVirtualUsernameField}.</li>
 * </ul>
 * Any other driver (hash_drv, or no {@code StorageDriver} line) means the embedded journal store;
 * a driver this engine cannot open at all (DSPAM's SQLite drivers, say) is named by
 * {@link #unsupportedDriver}, so that callers say so rather than start on an empty store unnoticed.
 */
public final class StorageSettings {
    /** How DSPAM's drivers are named, alone or inside a library path ({@code /usr/lib/dspam/libmysql_drv.so}). */
    private static final String MYSQL_DRIVER = "mysql_drv";
    private static final String PGSQL_DRIVER = "pgsql_drv";
    private static final String HASH_DRIVER = "hash_drv";
    private static final List<String> KNOWN_DRIVERS = List.of(MYSQL_DRIVER, PGSQL_DRIVER, HASH_DRIVER);

    /** Which store the file selects. */
    public enum Kind {
        JOURNAL, MYSQL, POSTGRESQL
    }

    private final Kind kind;
    private final Optional<SqlStoreOptions> sql;

    private StorageSettings(Kind kind, Optional<SqlStoreOptions> sql) {
        this.kind = kind;
        this.sql = sql;
    }

    public static StorageSettings from(DspamConf conf) {
        String driver = conf.get("StorageDriver").orElse("").trim().toLowerCase(Locale.ROOT);
        if (driver.contains(MYSQL_DRIVER)) {
            return new StorageSettings(Kind.MYSQL, Optional.of(mysql(conf)));
        }
        if (driver.contains(PGSQL_DRIVER)) {
            return new StorageSettings(Kind.POSTGRESQL, Optional.of(postgres(conf)));
        }
        return new StorageSettings(Kind.JOURNAL, Optional.empty());
    }

    /**
     * Whether the file is a hash driver installation's ({@code StorageDriver …hash_drv…}): its
     * {@code .css} files are DSPAM's alone (one writer, memory-mapped), to be copied, not shared.
     */
    public static boolean namesHashDriver(DspamConf conf) {
        return conf.get("StorageDriver").orElse("").toLowerCase(Locale.ROOT).contains(HASH_DRIVER);
    }

    /**
     * The {@code StorageDriver} line when it names a driver this engine does not open: neither
     * {@code mysql_drv}, {@code pgsql_drv} nor {@code hash_drv} (which is read for a copy). DSPAM
     * also has {@code sqlite_drv} and {@code sqlite3_drv}.
     */
    public static Optional<String> unsupportedDriver(DspamConf conf) {
        return conf.get("StorageDriver").map(String::trim).filter(driver -> !driver.isEmpty())
            .filter(driver -> KNOWN_DRIVERS.stream().noneMatch(driver.toLowerCase(Locale.ROOT)::contains));
    }

    public Kind kind() {
        return kind;
    }

    /** The SQL store's connection, when the file selects one. */
    public Optional<SqlStoreOptions> sql() {
        return sql;
    }

    private static SqlStoreOptions mysql(DspamConf conf) {
        String database = required(conf, "MySQLDb");
        String server = conf.get("MySQLServer").orElse("localhost").trim();
        Optional<String> socket = conf.get("MySQLSocket").map(String::trim).filter(s -> !s.isEmpty());
        if (server.startsWith("/")) {
            socket = Optional.of(server);
        }
        String url;
        if (socket.isPresent()) {
            url = "jdbc:mariadb://localhost/" + database + "?localSocket=" + socket.get();
        } else {
            url = "jdbc:mariadb://" + server + ":" + port(conf, "MySQLPort", 3306) + "/" + database;
        }
        return SqlStoreOptions.of(url)
            .withCredentials(conf.get("MySQLUser").orElse(null), conf.get("MySQLPass").orElse(null))
            .withVirtualUsers(virtualUsers(conf, "MySQL"))
            .withUidInSignature(uidInSignature(conf, "MySQL"));
    }

    private static SqlStoreOptions postgres(DspamConf conf) {
        String database = required(conf, "PgSQLDb");
        String server = conf.get("PgSQLServer").orElse("localhost").trim();
        if (server.startsWith("/")) {
            throw new IllegalArgumentException("PgSQLServer: '" + server + "' is a socket directory; the PostgreSQL "
                + "JDBC driver connects over TCP only: give the host (e.g. 127.0.0.1) and PgSQLPort");
        }
        String url = "jdbc:postgresql://" + server + ":" + port(conf, "PgSQLPort", 5432) + "/" + database;
        return SqlStoreOptions.of(url)
            .withCredentials(conf.get("PgSQLUser").orElse(null), conf.get("PgSQLPass").orElse(null))
            .withVirtualUsers(virtualUsers(conf, "PgSQL"))
            .withUidInSignature(uidInSignature(conf, "PgSQL"));
    }

    /** {@code MySQLUIDInSignature}/{@code PgSQLUIDInSignature}, off unless set. */
    private static boolean uidInSignature(DspamConf conf, String prefix) {
        String key = prefix + "UIDInSignature";
        return conf.get(key).map(value -> ConfValues.onOff(key, value)).orElse(false);
    }

    private static VirtualUserTable virtualUsers(DspamConf conf, String prefix) {
        VirtualUserTable defaults = VirtualUserTable.DEFAULT;
        try {
            return new VirtualUserTable(
                conf.get(prefix + "VirtualTable").map(String::trim).orElse(defaults.table()),
                conf.get(prefix + "VirtualUIDField").map(String::trim).orElse(defaults.uidColumn()),
                conf.get(prefix + "VirtualUsernameField").map(String::trim).orElse(defaults.usernameColumn()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "VirtualTable/" + prefix + "VirtualUIDField/" + prefix
                + "VirtualUsernameField: " + e.getMessage(), e);
        }
    }

    private static String required(DspamConf conf, String key) {
        return conf.get(key).map(String::trim).filter(value -> !value.isEmpty())
            .orElseThrow(() -> new IllegalArgumentException(key + ": the database name is required with this StorageDriver"));
    }

    private static int port(DspamConf conf, String key, int defaultPort) {
        Optional<String> value = conf.get(key).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.get());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected a TCP port 1-65535, got '" + value.get() + "'", e);
        }
    }

    @Override
    public String toString() {
        return kind + sql.map(options -> " " + options).orElse("");
    }
}
