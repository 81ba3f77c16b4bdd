package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import io.jamesdspam.model.DspamUser;

/**
 * DSPAM's virtual users (docs/ENGINE-SPEC.md §10.4): a user's uid is its row in the virtual user table,
 * created by the first call that writes for it (a classification or a retraining of an unknown
 * user creates nothing, as in DSPAM). Known uids are remembered: a uid never changes.
 */
final class UserIds {
    private final SqlDialect dialect;
    private final VirtualUserTable table;
    private final ConcurrentHashMap<DspamUser, Long> known = new ConcurrentHashMap<>();

    UserIds(SqlDialect dialect, VirtualUserTable table) {
        this.dialect = dialect;
        this.table = table;
    }

    /** The uid when this store already knows it (no database call); empty otherwise. */
    OptionalLong known(DspamUser user) {
        Long cached = known.get(user);
        return cached == null ? OptionalLong.empty() : OptionalLong.of(cached);
    }

    /** The user's uid if the user exists. */
    OptionalLong find(Connection connection, DspamUser user) throws SQLException {
        OptionalLong cached = known(user);
        if (cached.isPresent()) {
            return cached;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + table.uidColumn() + " FROM "
            + table.table() + " WHERE " + table.usernameColumn() + " = ?")) {
            statement.setString(1, user.asString());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return OptionalLong.empty();
                }
                long uid = row.getLong(1);
                known.put(user, uid);
                return OptionalLong.of(uid);
            }
        }
    }

    /**
     * The user's uid, creating the user when absent. {@code connection} is in auto-commit: the row is
     * committed before the message that needed it, as DSPAM does; two nodes creating the same user
     * at once end with one row.
     */
    long findOrCreate(Connection connection, DspamUser user) throws SQLException {
        OptionalLong uid = find(connection, user);
        if (uid.isPresent()) {
            return uid.getAsLong();
        }
        try (PreparedStatement statement = connection.prepareStatement(dialect.insertUsernameIfAbsent(table))) {
            statement.setString(1, user.asString());
            statement.executeUpdate();
        }
        return find(connection, user).orElseThrow(() -> new SQLException("User " + user
            + " is still absent from " + table.table() + " after it was inserted"));
    }

    /** Users with a row in {@code dspam_stats}, by name. */
    List<DspamUser> withStatistics(Connection connection) throws SQLException {
        List<DspamUser> users = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT v." + table.usernameColumn()
            + " FROM " + table.table() + " v JOIN dspam_stats s ON s.uid = v." + table.uidColumn()
            + " ORDER BY v." + table.usernameColumn());
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String name = rows.getString(1);
                if (name != null && DspamUser.isValid(name)) {
                    users.add(DspamUser.of(name));
                }
            }
        }
        return users;
    }
}
