package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A database-wide lock held while tables are created and checked, so that James nodes (and
 * tools) starting together on an empty database prepare it one after the other. PostgreSQL's
 * {@code CREATE TABLE IF NOT EXISTS} is not safe against a concurrent one: the loser fails with a
 * duplicate key in {@code pg_type} instead of finding the table. The lock is PostgreSQL's
 * session-level advisory lock resp. MariaDB/MySQL's {@code GET_LOCK}; both are released by the
 * database when the session ends, so a node dying while it holds the lock does not block the others.
 * The connection must be in autocommit mode.
 */
public final class SchemaLock {
    /** The MariaDB/MySQL lock name; its bytes are also where the PostgreSQL key comes from. */
    static final String NAME = "james_dspam_schema";
    /** "jdspamsc" as a number: PostgreSQL's advisory locks are keyed by a bigint. */
    static final long POSTGRES_KEY = 0x6a647370616d7363L;
    /** How long a node waits for another one's schema work (a few DDL statements) before giving up. */
    static final int WAIT_SECONDS = 120;

    /** The work done holding the lock. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private SchemaLock() {
    }

    /** Runs {@code work} on {@code connection} while this session holds the schema lock. */
    public static <T> T holding(Connection connection, Work<T> work) throws SQLException {
        boolean postgres = isPostgres(connection);
        acquire(connection, postgres);
        try {
            return work.run(connection);
        } finally {
            release(connection, postgres);
        }
    }

    /** Whether {@code connection} is to PostgreSQL (otherwise MariaDB/MySQL, the other database DSPAM supports). */
    public static boolean isPostgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    private static void acquire(Connection connection, boolean postgres) throws SQLException {
        if (postgres) {
            // Bounded like GET_LOCK below: a lock wait longer than lock_timeout fails the statement
            try (PreparedStatement timeout = connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
                timeout.setString(1, WAIT_SECONDS + "s");
                timeout.execute();
            }
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, POSTGRES_KEY);
                lock.execute();
            } finally {
                try (PreparedStatement reset = connection.prepareStatement("SELECT set_config('lock_timeout', '0', false)")) {
                    reset.execute();
                }
            }
            return;
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            lock.setString(1, NAME);
            lock.setInt(2, WAIT_SECONDS);
            try (ResultSet result = lock.executeQuery()) {
                if (!result.next() || result.getInt(1) != 1) {
                    throw new SQLException("Another process held the lock " + NAME + " (preparing DSPAM's tables) for more than "
                        + WAIT_SECONDS + " s");
                }
            }
        }
    }

    private static void release(Connection connection, boolean postgres) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement(postgres ? "SELECT pg_advisory_unlock(?)" : "SELECT RELEASE_LOCK(?)")) {
            if (postgres) {
                unlock.setLong(1, POSTGRES_KEY);
            } else {
                unlock.setString(1, NAME);
            }
            unlock.execute();
        }
    }
}
