package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.model.DspamTotals;

/**
 * One uid's rows in every table keyed by uid (DSPAM's tokens, signatures, totals and preferences,
 * and the store's operation keys) given to another uid, added to its rows, or deleted, inside the
 * caller's transaction: a user moved to another name without a row leaving the database, or
 * deleted whole. The virtual user table keeps the names and their uids, so the uids other nodes
 * remember stay true.
 */
final class UidMove {
    private static final List<DspamTable> KEYED_BY_UID = List.of(DspamTable.TOKEN_DATA, DspamTable.SIGNATURE_DATA,
        DspamTable.STATS, DspamTable.PREFERENCES);

    private UidMove() {
    }

    /**
     * Moves every row of {@code from} to {@code to} when {@code to} has none; else changes nothing.
     * A row {@code to} gets meanwhile from another writer collides with a moved one (the tables'
     * unique keys, on uid and token, signature or key) and fails the transaction.
     *
     * @return whether the rows moved
     */
    static boolean ifEmpty(Connection connection, long from, long to, boolean withOperations) throws SQLException {
        List<String> tables = tables(withOperations);
        for (String table : tables) {
            if (UidRows.any(connection, table, to)) {
                return false;
            }
        }
        for (String table : tables) {
            update(connection, "UPDATE " + table + " SET uid = ? WHERE uid = ?", to, from);
        }
        return true;
    }

    /**
     * Adds every row of {@code from} to {@code to}'s, then deletes them from {@code from}, as a copy
     * that merges and then empties the user does: token rows summed ({@link SqlDialect#addTokenRowsOf}),
     * the totals summed, and the signatures, preferences and operation keys of ids, names and keys
     * {@code to} has none of ({@code to}'s own are kept).
     *
     * @return the signatures given to {@code to}
     */
    static long adding(Connection connection, long from, long to, boolean withOperations, SqlDialect dialect,
                       SqlTotals totals) throws SQLException {
        update(connection, dialect.addTokenRowsOf(), to, from);
        DspamTotals given = totals.read(connection, from);
        Optional<SqlWrite> sum = totals.write(to, List.of(new MessageUpdate(DspamTotals.EMPTY, given, List.of(),
            Optional.empty(), LocalDate.now())));
        if (sum.isPresent()) {
            try (PreparedStatement statement = connection.prepareStatement(sum.get().sql)) {
                sum.get().binder.bind(statement, 1);
                statement.executeUpdate();
            }
        }
        long signatures = addMissing(connection, DspamTable.SIGNATURE_DATA.name(null), "signature",
            List.of("signature", "data", "length", "created_on"), to, from);
        addMissing(connection, DspamTable.PREFERENCES.name(null), "preference", List.of("preference", "value"), to, from);
        if (withOperations) {
            addMissing(connection, SqlOperations.TABLE, "operation_key", List.of("operation_key", "applied_on"), to, from);
        }
        deleteAll(connection, from, withOperations);
        return signatures;
    }

    /** Deletes every row of {@code uid}. */
    static void deleteAll(Connection connection, long uid, boolean withOperations) throws SQLException {
        for (String table : tables(withOperations)) {
            update(connection, "DELETE FROM " + table + " WHERE uid = ?", uid);
        }
    }

    private static List<String> tables(boolean withOperations) {
        List<String> tables = new ArrayList<>();
        KEYED_BY_UID.forEach(table -> tables.add(table.name(null)));
        if (withOperations) {
            tables.add(SqlOperations.TABLE);
        }
        return tables;
    }

    /** {@code from}'s rows whose {@code key} {@code to} has no row of, inserted for {@code to}; returns how many. */
    private static long addMissing(Connection connection, String table, String key, List<String> columns, long to, long from)
        throws SQLException {
        return update(connection, "INSERT INTO " + table + " (uid, " + String.join(", ", columns) + ") SELECT ?, src."
            + String.join(", src.", columns) + " FROM " + table + " AS src WHERE src.uid = ? AND NOT EXISTS (SELECT 1 FROM "
            + table + " AS mine WHERE mine.uid = ? AND mine." + key + " = src." + key + ")", to, from, to);
    }

    private static int update(Connection connection, String sql, long... uids) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < uids.length; i++) {
                statement.setLong(i + 1, uids[i]);
            }
            return statement.executeUpdate();
        }
    }
}
