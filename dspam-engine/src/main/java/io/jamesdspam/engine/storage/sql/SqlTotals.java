package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.model.DspamTotals;

/**
 * A user's row of {@code dspam_stats} (docs/ENGINE-SPEC.md §3.1, §6.7): read as it is; written as the
 * absolute totals when the row is new, else as the relative change of each counter floored at 0, so
 * that writers sharing the row never undo each other.
 */
final class SqlTotals {
    /** The eight counters in DSPAM's order, the order of {@link DspamTotals#asArray()}. */
    static final List<String> COLUMNS = List.of("spam_learned", "innocent_learned", "spam_misclassified",
        "innocent_misclassified", "spam_corpusfed", "innocent_corpusfed", "spam_classified", "innocent_classified");
    private static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM dspam_stats WHERE uid = ?";

    private final String upsert;

    SqlTotals(SqlDialect dialect) {
        this.upsert = dialect.upsertAdding("dspam_stats", "uid", COLUMNS);
    }

    DspamTotals read(Connection connection, long uid) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SELECT)) {
            statement.setLong(1, uid);
            try (ResultSet row = statement.executeQuery()) {
                return totalsOf(row);
            }
        }
    }

    /**
     * The totals as a query riding along with other statements (before a token read, after a
     * message's writes); {@link Riding#totals()} once it ran.
     */
    Riding riding(long uid) {
        return new Riding(uid);
    }

    /** The totals' SELECT sent in the same round trip as other statements. */
    static final class Riding implements SqlTokens.RidingQuery {
        private final long uid;
        private DspamTotals totals;

        private Riding(long uid) {
            this.uid = uid;
        }

        @Override
        public String sql() {
            return SELECT;
        }

        @Override
        public int bind(PreparedStatement statement, int index) throws SQLException {
            statement.setLong(index, uid);
            return index + 1;
        }

        @Override
        public void read(ResultSet result) throws SQLException {
            totals = totalsOf(result);
        }

        DspamTotals totals() {
            if (totals == null) {
                throw new IllegalStateException("The totals were not read");
            }
            return totals;
        }
    }

    private static DspamTotals totalsOf(ResultSet row) throws SQLException {
        if (!row.next()) {
            return DspamTotals.EMPTY;
        }
        long[] values = new long[COLUMNS.size()];
        for (int i = 0; i < values.length; i++) {
            // PostgreSQL's columns are nullable; a NULL counter reads as 0 like a missing row
            values[i] = Math.max(0, row.getLong(i + 1));
        }
        return new DspamTotals(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
    }

    /**
     * The totals' write of {@code messages} applied one after the other (each only where it changed
     * the totals, as one message's write): for a row that is not there, the first message's totals
     * with the later messages' changes on them; for a row that is there, every message's change
     * column by column, floored at 0 at each step ({@link ClampedSum}). Empty when no message changed them.
     */
    Optional<SqlWrite> write(long uid, List<MessageUpdate> messages) {
        long[] inserted = null;
        ClampedSum[] changes = new ClampedSum[COLUMNS.size()];
        Arrays.fill(changes, ClampedSum.NONE);
        for (MessageUpdate message : messages) {
            if (!message.totalsChanged()) {
                continue;
            }
            long[] before = message.loadedTotals().asArray();
            long[] after = message.totals().asArray();
            for (int i = 0; i < changes.length; i++) {
                changes[i] = changes[i].then(after[i] - before[i]);
                if (inserted != null) {
                    inserted[i] = Math.max(inserted[i] + after[i] - before[i], 0);
                }
            }
            if (inserted == null) {
                inserted = after.clone();
            }
        }
        if (inserted == null) {
            return Optional.empty();
        }
        long[] values = inserted;
        return Optional.of(new SqlWrite(upsert, (statement, first) -> {
            int index = first;
            statement.setLong(index++, uid);
            for (long value : values) {
                statement.setLong(index++, value);
            }
            for (ClampedSum change : changes) {
                index = SqlDialect.bindClamped(statement, index, change);
            }
            return index;
        }));
    }
}
