package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * A user's rows dated before a day, deleted. A day past year 9999 ({@code LocalDate.MAX}: "all
 * of them", as a purge of age 0 and emptying a user ask) is sent as no bound at all: MariaDB's
 * {@code DATE} ends at 9999-12-31 and compared such a day as false, so that nothing was deleted,
 * where PostgreSQL read it as {@code infinity}.
 */
final class DeleteBefore {
    private static final int LAST_SQL_YEAR = 9999;

    private DeleteBefore() {
    }

    /** Deletes the rows of {@code table} whose {@code uid} is {@code uid} and whose {@code dayColumn} is before {@code day}. */
    static int rows(Connection connection, String table, String dayColumn, long uid, LocalDate day) throws SQLException {
        boolean everyDay = day.getYear() > LAST_SQL_YEAR;
        String sql = "DELETE FROM " + table + " WHERE uid = ?" + (everyDay ? "" : " AND " + dayColumn + " < ?");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, uid);
            if (!everyDay) {
                statement.setObject(2, day);
            }
            return statement.executeUpdate();
        }
    }
}
