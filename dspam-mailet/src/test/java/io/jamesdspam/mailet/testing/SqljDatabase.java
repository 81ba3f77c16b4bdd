package io.jamesdspam.mailet.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import io.jamesdspam.testing.TestServices;

/**
 * A throw-away database {@code sqlj_<name>_<kind>} on the machine's real MariaDB (root, no
 * password) or PostgreSQL (postgres, trust), for the James side's SQL tests: dropped and created
 * by {@link #create}, dropped by {@link #close}. A server that does not answer fails the test.
 * (The engine's own SQL tests use {@code sql_*} names, so the two never share a database.)
 */
public final class SqljDatabase implements AutoCloseable {

    /** The two servers. */
    public enum Kind {
        MARIADB, POSTGRESQL
    }

    private final Kind kind;
    private final String name;

    private SqljDatabase(Kind kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    public static SqljDatabase create(Kind kind, String name) {
        SqljDatabase database = new SqljDatabase(kind, "sqlj_" + name.toLowerCase(Locale.ROOT) + "_"
            + kind.name().toLowerCase(Locale.ROOT));
        try (Connection connection = database.connectToServer(); Statement statement = connection.createStatement()) {
            statement.execute(database.dropStatement());
            statement.execute("CREATE DATABASE " + database.name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + database.name + ": " + e.getMessage(), e);
        }
        return database;
    }

    public Kind kind() {
        return kind;
    }

    /** {@code embedded.storage}'s value for this server. */
    public String storage() {
        return kind == Kind.MARIADB ? "mariadb" : "postgresql";
    }

    public String url() {
        return serverUrl() + name;
    }

    public String user() {
        return kind == Kind.MARIADB ? "root" : "postgres";
    }

    private String serverUrl() {
        TestServices.Endpoint endpoint = TestServices.requireReachable(kind == Kind.MARIADB ? TestServices.mariadb()
            : TestServices.postgres());
        return (kind == Kind.MARIADB ? "jdbc:mariadb://" : "jdbc:postgresql://") + endpoint.host() + ":" + endpoint.port() + "/";
    }

    public String host() {
        return (kind == Kind.MARIADB ? TestServices.mariadb() : TestServices.postgres()).host();
    }

    public int port() {
        return (kind == Kind.MARIADB ? TestServices.mariadb() : TestServices.postgres()).port();
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user(), null);
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

    private Connection connectToServer() throws SQLException {
        return DriverManager.getConnection(serverUrl() + (kind == Kind.MARIADB ? "" : "postgres"), user(), null);
    }

    private String dropStatement() {
        return kind == Kind.MARIADB ? "DROP DATABASE IF EXISTS " + name : "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)";
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
