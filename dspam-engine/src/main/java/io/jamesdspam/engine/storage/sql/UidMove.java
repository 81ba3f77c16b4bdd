package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One uid's rows in every table keyed by uid (DSPAM's tokens, signatures, totals and preferences,
 * and the store's operation keys) given to another uid, inside the caller's transaction: a user
 * moved to another name without a row leaving the database. The virtual user table keeps both
 * names and their uids, so the uids other nodes remember stay true.
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
        List<String> tables = new ArrayList<>();
        KEYED_BY_UID.forEach(table -> tables.add(table.name(null)));
        if (withOperations) {
            tables.add(SqlOperations.TABLE);
        }
        for (String table : tables) {
            if (UidRows.any(connection, table, to)) {
                return false;
            }
        }
        for (String table : tables) {
            try (PreparedStatement statement = connection.prepareStatement("UPDATE " + table + " SET uid = ? WHERE uid = ?")) {
                statement.setLong(1, to);
                statement.setLong(2, from);
                statement.executeUpdate();
            }
        }
        return true;
    }
}
