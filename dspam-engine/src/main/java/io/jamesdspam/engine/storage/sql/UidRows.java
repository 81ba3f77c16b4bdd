package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A user's rows in one of the tables keyed by uid: counted, or looked for. */
final class UidRows {
    private UidRows() {
    }

    static long count(Connection connection, String table, long uid) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE uid = ?")) {
            statement.setLong(1, uid);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Whether the user has a row there: stops at the first. */
    static boolean any(Connection connection, String table, long uid) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE uid = ? LIMIT 1")) {
            statement.setLong(1, uid);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
