package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

import io.jamesdspam.testing.TestServices;

/**
 * A throw-away database named {@code sql_<name>} on the machine's real MariaDB (root, no password)
 * or PostgreSQL (postgres, trust): dropped and created on {@link #create}, dropped on {@link #close}.
 * A missing server fails the test (never skips it).
 */
public final class SqlTestDatabase implements AutoCloseable {

    /** The two databases DSPAM's SQL drivers support. */
    public enum Kind {
        MARIADB, POSTGRESQL
    }

    private final Kind kind;
    private final String name;

    private SqlTestDatabase(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    public static SqlTestDatabase create(Kind kind, String name) {
        return create(kind, "sql_", name);
    }

    /** Named {@code <prefix><name>_<kind>}: suites other than the SQL store's own use their own prefix. */
    public static SqlTestDatabase create(Kind kind, String prefix, String name) {
        SqlTestDatabase database = new SqlTestDatabase(kind, prefix + name.toLowerCase(Locale.ROOT) + "_"
            + kind.name().toLowerCase(Locale.ROOT));
        database.dropAndCreate();
        return database;
    }

    public Kind kind() {
        return kind;
    }

    private TestServices.Endpoint endpoint() {
        return TestServices.requireReachable(kind == Kind.MARIADB ? TestServices.mariadb() : TestServices.postgres());
    }

    public String url() {
        TestServices.Endpoint endpoint = endpoint();
        return kind == Kind.MARIADB
            ? "jdbc:mariadb://" + endpoint.host() + ":" + endpoint.port() + "/" + name
            : "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/" + name;
    }

    public String user() {
        return kind == Kind.MARIADB ? "root" : "postgres";
    }

    public SqlStoreOptions options() {
        return SqlStoreOptions.of(url()).withCredentials(user(), null);
    }

    /** A plain connection to this database (setting up schemas, reading raw rows). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), credentials());
    }

    private Properties credentials() {
        Properties properties = new Properties();
        properties.setProperty("user", user());
        return properties;
    }

    private Connection connectToServer() throws SQLException {
        TestServices.Endpoint endpoint = endpoint();
        String url = kind == Kind.MARIADB
            ? "jdbc:mariadb://" + endpoint.host() + ":" + endpoint.port() + "/"
            : "jdbc:postgresql://" + endpoint.host() + ":" + endpoint.port() + "/postgres";
        return DriverManager.getConnection(url, credentials());
    }

    private void dropAndCreate() {
        try (Connection connection = connectToServer(); Statement statement = connection.createStatement()) {
            statement.execute(dropStatement());
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name + " on " + kind + ": " + e.getMessage(), e);
        }
    }

    private String dropStatement() {
        return kind == Kind.MARIADB ? "DROP DATABASE IF EXISTS " + name : "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
    }

    /** Runs statements on this database. */
    public void execute(String... sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    @Override
    public void close() {
        try (Connection connection = connectToServer(); Statement statement = connection.createStatement()) {
            statement.execute(dropStatement());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop the test database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
