package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * The operation keys of trainings applied at most once ({@code MessageUpdate#operationKey}): one
 * row per user and key, inserted by the training's own write, so that the key is kept exactly
 * when the training is. Its own table, named like the James side's ledger tables so that it never
 * clashes with DSPAM's, and created the first time a keyed training comes (a database only DSPAM
 * and the tools use never gets it). Rows go with the user's signatures when those are purged:
 * a training is repeated within minutes or hours (a redelivered event), never weeks later.
 */
final class SqlOperations {
    static final String TABLE = "james_dspam_operations";

    private volatile boolean present;

    /** Creates the table unless this store saw it already; under the schema lock, as DSPAM's tables. */
    void ensureTable(SqlTransactions transactions) throws SQLException {
        if (present) {
            return;
        }
        transactions.read(connection -> SchemaLock.holding(connection, locked -> {
            try (Statement statement = locked.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (uid bigint NOT NULL, "
                    + "operation_key varchar(128) NOT NULL, applied_on date NOT NULL, PRIMARY KEY (uid, operation_key))");
            }
            return null;
        }));
        present = true;
    }

    /** The key's row, written with the training: a key present already fails the whole write (its primary key). */
    SqlWrite insert(long uid, String key, LocalDate day) {
        return new SqlWrite("INSERT INTO " + TABLE + " (uid, operation_key, applied_on) VALUES (?, ?, ?)",
            (statement, index) -> {
                statement.setLong(index, uid);
                statement.setString(index + 1, key);
                statement.setObject(index + 2, day);
                return index + 3;
            });
    }

    /** Whether the key was applied for the user (committed: a concurrent insert of it has finished when its duplicate fails). */
    boolean exists(Connection connection, long uid, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT 1 FROM " + TABLE + " WHERE uid = ? AND operation_key = ?")) {
            statement.setLong(1, uid);
            statement.setString(2, key);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Deletes the user's keys applied before {@code day}; nothing when no keyed training ever came. */
    long deleteAppliedBefore(Connection connection, long uid, LocalDate day) throws SQLException {
        // A purge visits every user: the metadata is asked until the table is seen (another node may create it)
        if (!presentIn(connection)) {
            return 0;
        }
        return DeleteBefore.rows(connection, TABLE, "applied_on", uid, day);
    }

    /** Whether the table exists (this store saw it, or the database has it: another node may have created it). */
    boolean presentIn(Connection connection) throws SQLException {
        if (!present && tableExists(connection)) {
            present = true;
        }
        return present;
    }

    private static boolean tableExists(Connection connection) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, TABLE, null)) {
            return tables.next();
        }
    }
}
