package io.jamesdspam.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A throw-away database on the machine's real MariaDB (user root, no password) or PostgreSQL
 * (user postgres, trust), at the {@link TestServices} endpoints: dropped if left over and created
 * empty by {@link #create}/{@link #createNamed}, dropped by {@link #close}. A server that does not
 * answer fails the test (never skips it).
 *
 * <p>Each suite names its databases with a prefix of its own ({@code sql_} for the engine's SQL
 * tests, {@code sqlj_} for the James side's, {@code twonode_} for the integration tests' clusters
 * and restarts), so that suites running one after the other, or a CI run beside a developer's,
 * never share a database.
 *
 * <p>Only {@code java.sql} is used: {@link DriverManager} finds the MariaDB Connector/J and pgjdbc
 * drivers the consuming module has on its test class path.
 */
public final class TestDatabase implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    /** The two database servers DSPAM's SQL drivers support. */
    public enum Kind {
        MARIADB("jdbc:mariadb://", "", "root", "mysql"),
        POSTGRESQL("jdbc:postgresql://", "postgres", "postgres", "postgresql");

        private final String scheme;
        private final String administrativeDatabase;
        private final String user;
        private final String storage;

        Kind(String scheme, String administrativeDatabase, String user, String storage) {
            this.scheme = scheme;
            this.administrativeDatabase = administrativeDatabase;
            this.user = user;
            this.storage = storage;
        }

        /** Where the server is ({@link TestServices#mariadb()} or {@link TestServices#postgres()}). */
        public TestServices.Endpoint endpoint() {
            return this == MARIADB ? TestServices.mariadb() : TestServices.postgres();
        }
    }

    private final Kind kind;
    private final TestServices.Endpoint endpoint;
    private final String name;

    private TestDatabase(Kind kind, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a test database name (lower case letters, digits, '_'): " + name);
        }
        this.kind = kind;
        this.endpoint = kind.endpoint();
        this.name = name;
    }

    /**
     * The database {@code <prefix><name>_<kind>} ({@code name} in lower case, {@code kind}
     * {@code mariadb} or {@code postgresql}), created empty.
     */
    public static TestDatabase create(Kind kind, String prefix, String name) {
        return createNamed(kind, prefix, name.toLowerCase(Locale.ROOT) + "_" + kind.name().toLowerCase(Locale.ROOT));
    }

    /** The database {@code <prefix><name>}, exactly, created empty. */
    public static TestDatabase createNamed(Kind kind, String prefix, String name) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("Test databases are named with the prefix of their suite: " + name);
        }
        TestDatabase database = new TestDatabase(kind, prefix + name);
        TestServices.requireReachable(database.endpoint);
        try (Connection connection = database.connectToServer(); Statement statement = connection.createStatement()) {
            statement.execute(database.dropStatement());
            statement.execute("CREATE DATABASE " + database.name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + database.name + " on " + kind + ": "
                + e.getMessage(), e);
        }
        return database;
    }

    public Kind kind() {
        return kind;
    }

    public String host() {
        return endpoint.host();
    }

    public int port() {
        return endpoint.port();
    }

    /** The database's name, e.g. {@code sql_apply_mariadb}. */
    public String name() {
        return name;
    }

    /** The JDBC URL of this database (building it does not contact the server). */
    public String url() {
        return serverUrl() + name;
    }

    public String user() {
        return kind.user;
    }

    /** {@code embedded.storage}'s value for this server: {@code mysql} or {@code postgresql}. */
    public String storage() {
        return kind.storage;
    }

    /** The dspam.properties keys that put the embedded engine's storage into this database. */
    public Map<String, String> dspamProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("embedded.storage", storage());
        properties.put("embedded.sql.url", url());
        properties.put("embedded.sql.user", user());
        return properties;
    }

    /** A plain connection to this database (setting up schemas, reading raw rows). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), credentials());
    }

    /** Runs statements on this database, in order. */
    public void execute(String... sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    /** The first column of the first row of {@code sql}, as a long. */
    public long queryLong(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            if (!rows.next()) {
                throw new IllegalStateException("No row for " + sql);
            }
            return rows.getLong(1);
        }
    }

    /** Drops the database (PostgreSQL: ending the sessions still open on it). */
    @Override
    public void close() {
        try (Connection connection = connectToServer(); Statement statement = connection.createStatement()) {
            statement.execute(dropStatement());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop the test database " + name + " on " + kind + ": " + e.getMessage(), e);
        }
    }

    private String serverUrl() {
        return kind.scheme + endpoint.host() + ":" + endpoint.port() + "/";
    }

    /** MariaDB: no database; PostgreSQL: the {@code postgres} database. */
    private Connection connectToServer() throws SQLException {
        return DriverManager.getConnection(serverUrl() + kind.administrativeDatabase, credentials());
    }

    private Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", user());
        return properties;
    }

    private String dropStatement() {
        return kind == Kind.MARIADB ? "DROP DATABASE IF EXISTS " + name : "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
    }

    /** The database's name. */
    @Override
    public String toString() {
        return name;
    }
}
