package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work on a pooled connection: reads in auto-commit, writes as one transaction that is rolled
 * back on any failure and retried, a bounded number of times after a random pause, when the
 * database chose it as a deadlock victim or could not serialize it (writers sharing a user's rows).
 */
public final class SqlTransactions {
    private static final Logger LOGGER = LoggerFactory.getLogger(SqlTransactions.class);
    static final int MAXIMUM_ATTEMPTS = 6;
    private static final long BASE_PAUSE_MILLIS = 10;

    private final DataSource dataSource;
    private final SqlDialect dialect;

    SqlTransactions(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in auto-commit (the pool restores it after a transaction) (reads, and writes that stand alone). */
    <T> T read(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        }
    }

    /** Runs {@code work} as one transaction: committed whole, or rolled back and retried, or failed with nothing applied. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return inOneTransaction(connection, work);
            } catch (SQLException | RuntimeException e) {
                if (!(e instanceof SQLException) || !dialect.isRetryable((SQLException) e) || attempt >= MAXIMUM_ATTEMPTS) {
                    throw e;
                }
                LOGGER.debug("Retrying a transaction after attempt {}: {}", attempt, e.getMessage());
            }
            pause(attempt);
        }
    }

    /**
     * Runs {@code work} as one transaction on {@code connection}, once: committed, then the
     * connection in auto-commit again (for the caller's next statements), or rolled back and failed.
     * Public for tables of the application beside DSPAM's on the store's pool (James's training ledger).
     */
    public static <T> T inOneTransaction(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        T result;
        try {
            result = work.run(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(connection, e);
            throw e;
        }
        connection.setAutoCommit(true);
        return result;
    }

    /**
     * Runs {@code work} in auto-commit, where it applies its writes atomically by itself (one
     * statement, or an explicit transaction sent at once that it rolls back on failure), retried
     * like {@link #inTransaction} after a deadlock or serialization failure.
     */
    <T> T atomically(Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                return work.run(connection);
            } catch (SQLException e) {
                if (!dialect.isRetryable(e) || attempt >= MAXIMUM_ATTEMPTS) {
                    throw e;
                }
                LOGGER.debug("Retrying a write after attempt {}: {}", attempt, e.getMessage());
            }
            pause(attempt);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Exponential back-off with full jitter, so that the writers that collided do not collide again. */
    private static void pause(int attempt) throws SQLException {
        long ceiling = BASE_PAUSE_MILLIS << Math.min(attempt, 6);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting to retry a transaction", e);
        }
    }
}
