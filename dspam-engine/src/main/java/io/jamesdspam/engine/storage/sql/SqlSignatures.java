package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;

import io.jamesdspam.engine.storage.StoredSignature;

/**
 * A user's rows of {@code dspam_signature_data} (docs/ENGINE-SPEC.md §8.2): id, DSPAM's binary records as
 * they are (16-byte records, so a real DSPAM retrains ours and we retrain its), their length and
 * the creation day the purge looks at (§8.6).
 */
final class SqlSignatures {

    Optional<StoredSignature> read(Connection connection, long uid, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT data, created_on FROM dspam_signature_data WHERE uid = ? AND signature = ?")) {
            statement.setLong(1, uid);
            statement.setString(2, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredSignature(id, row.getBytes(1), row.getObject(2, LocalDate.class)));
            }
        }
    }

    /** Every signature of the user, streamed (a user keeps thousands of ≈ 20 KB signatures). */
    void forEach(Connection connection, long uid, Consumer<StoredSignature> visitor) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT signature, data, created_on FROM dspam_signature_data WHERE uid = ?")) {
            statement.setFetchSize(100);
            statement.setLong(1, uid);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    visitor.accept(new StoredSignature(rows.getString(1), rows.getBytes(2),
                        rows.getObject(3, LocalDate.class)));
                }
            }
        }
    }

    long count(Connection connection, long uid) throws SQLException {
        return UidRows.count(connection, "dspam_signature_data", uid);
    }

    boolean exists(Connection connection, long uid, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT 1 FROM dspam_signature_data WHERE uid = ? AND signature = ?")) {
            statement.setLong(1, uid);
            statement.setString(2, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    SqlWrite insert(long uid, StoredSignature signature) {
        return new SqlWrite("INSERT INTO dspam_signature_data (uid, signature, data, length, created_on) "
            + "VALUES (?, ?, ?, ?, ?)", (statement, index) -> {
                statement.setLong(index, uid);
                statement.setString(index + 1, signature.id());
                statement.setBytes(index + 2, signature.data());
                statement.setInt(index + 3, signature.length());
                statement.setObject(index + 4, signature.createdOn());
                return index + 5;
            });
    }

    long deleteCreatedBefore(Connection connection, long uid, LocalDate createdBefore) throws SQLException {
        return DeleteBefore.rows(connection, "dspam_signature_data", "created_on", uid, createdBefore);
    }
}
