package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

import io.jamesdspam.engine.preference.InvalidPreferenceException;
import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.engine.preference.StoredPreferences;
import io.jamesdspam.engine.storage.DspamStoreException;
import io.jamesdspam.model.DspamUser;

/**
 * DSPAM's preferences in its {@code dspam_preferences} table (docs/ENGINE-SPEC.md §10.1–10.5, §11.1):
 * one {@code (uid, preference, value)} row per preference, uid 0 for the system defaults, users'
 * uids from the virtual user table. Read with {@code SELECT preference, value … WHERE uid = U};
 * set as DSPAM does, delete then insert, here in one transaction. Names match case-insensitively
 * (a row written by DSPAM as {@code trainingmode} is the same preference as {@code trainingMode}).
 */
final class SqlPreferences implements PreferenceStore {
    /** The system defaults' uid (DSPAM's convention; virtual uids start at 1). */
    static final long DEFAULTS_UID = 0;
    /** {@code value varchar(64)} of DSPAM's MySQL schema, the narrower of the two. */
    static final int MAX_VALUE_LENGTH = 64;
    private static final String SELECT = "SELECT preference, value FROM dspam_preferences WHERE uid = ?";
    private static final String SELECT_WITH_DEFAULTS = "SELECT uid, preference, value FROM dspam_preferences WHERE uid IN (?, ?)";
    private static final String DELETE = "DELETE FROM dspam_preferences WHERE uid = ? AND LOWER(preference) = LOWER(?)";
    private static final String INSERT = "INSERT INTO dspam_preferences (uid, preference, value) VALUES (?, ?, ?)";

    private final SqlTransactions transactions;
    private final UserIds userIds;
    private final String databaseName;

    SqlPreferences(SqlTransactions transactions, UserIds userIds, String databaseName) {
        this.transactions = transactions;
        this.userIds = userIds;
        this.databaseName = databaseName;
    }

    @Override
    public Preferences preferences(DspamUser user) {
        return run("read the preferences of " + user, () -> transactions.read(connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() ? read(connection, uid.getAsLong()) : Preferences.NONE;
        }));
    }

    /** Both sets in one statement: every message reads them, and a round trip costs more than the rows. */
    @Override
    public StoredPreferences storedPreferences(DspamUser user) {
        return run("read the preferences of " + user, () -> transactions.read(connection -> {
            OptionalLong uid = userIds.find(connection, user);
            if (uid.isEmpty()) {
                return new StoredPreferences(read(connection, DEFAULTS_UID), Preferences.NONE);
            }
            Preferences defaults = Preferences.NONE;
            Preferences own = Preferences.NONE;
            try (PreparedStatement statement = connection.prepareStatement(SELECT_WITH_DEFAULTS)) {
                statement.setLong(1, DEFAULTS_UID);
                statement.setLong(2, uid.getAsLong());
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getLong(1) == DEFAULTS_UID) {
                            defaults = withRow(defaults, rows.getString(2), rows.getString(3));
                        } else {
                            own = withRow(own, rows.getString(2), rows.getString(3));
                        }
                    }
                }
            }
            return new StoredPreferences(defaults, own);
        }));
    }

    @Override
    public void storePreference(DspamUser user, String name, String value) {
        if (value.trim().isEmpty()) {
            deletePreference(user, name);
            return;
        }
        checkLength(name, value);
        run("store preference " + name + " of " + user, () -> {
            long uid = transactions.read(connection -> userIds.findOrCreate(connection, user));
            return replace(uid, name, value.trim());
        });
    }

    @Override
    public boolean deletePreference(DspamUser user, String name) {
        return run("delete preference " + name + " of " + user, () -> transactions.read(connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() && delete(connection, uid.getAsLong(), name) > 0;
        }));
    }

    @Override
    public Preferences defaultPreferences() {
        return run("read the default preferences", () -> transactions.read(connection -> read(connection, DEFAULTS_UID)));
    }

    @Override
    public void storeDefaultPreference(String name, String value) {
        if (value.trim().isEmpty()) {
            deleteDefaultPreference(name);
            return;
        }
        checkLength(name, value);
        run("store default preference " + name, () -> replace(DEFAULTS_UID, name, value.trim()));
    }

    @Override
    public boolean deleteDefaultPreference(String name) {
        return run("delete default preference " + name,
            () -> transactions.read(connection -> delete(connection, DEFAULTS_UID, name) > 0));
    }

    private static Preferences read(Connection connection, long uid) throws SQLException {
        Preferences preferences = Preferences.NONE;
        try (PreparedStatement statement = connection.prepareStatement(SELECT)) {
            statement.setLong(1, uid);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    preferences = withRow(preferences, rows.getString(1), rows.getString(2));
                }
            }
        }
        return preferences;
    }

    /** A row of the table added to a set: rows without a name or value (nullable columns) are no preference. */
    private static Preferences withRow(Preferences preferences, String name, String value) {
        return name != null && value != null && !name.isBlank() ? preferences.with(name, value.trim()) : preferences;
    }

    /** DSPAM's delete + insert, as one transaction: a reader never sees the preference missing. */
    private boolean replace(long uid, String name, String value) throws SQLException {
        return transactions.inTransaction(connection -> {
            delete(connection, uid, name);
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                statement.setLong(1, uid);
                statement.setString(2, name.trim());
                statement.setString(3, value);
                statement.executeUpdate();
            }
            return true;
        });
    }

    private static int delete(Connection connection, long uid, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setLong(1, uid);
            statement.setString(2, name.trim());
            return statement.executeUpdate();
        }
    }

    private static void checkLength(String name, String value) {
        if (value.trim().length() > MAX_VALUE_LENGTH) {
            throw new InvalidPreferenceException(name.trim() + ": a value of " + value.trim().length()
                + " characters does not fit DSPAM's dspam_preferences table (at most " + MAX_VALUE_LENGTH + ")");
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> T run(String what, SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new DspamStoreException("Cannot " + what + " in " + databaseName + ": " + e.getMessage(), e);
        }
    }
}
