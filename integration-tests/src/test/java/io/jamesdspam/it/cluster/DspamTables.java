package io.jamesdspam.it.cluster;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jamesdspam.testing.TestDatabase;

/**
 * What DSPAM's tables of a {@link TestDatabase} hold for one user, read with plain JDBC (not
 * through the store under test).
 */
public final class DspamTables {
    private DspamTables() {
    }

    /** What DSPAM's tables hold for {@code username}; empty when the user has no virtual uid yet. */
    public static Optional<Dictionary> dictionary(TestDatabase database, String username) throws SQLException {
        try (Connection connection = database.connect()) {
            Optional<Long> uid = uid(connection, username);
            if (uid.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Dictionary(stats(connection, uid.get()), tokens(connection, uid.get()),
                signatures(connection, uid.get())));
        }
    }

    private static Optional<Long> uid(Connection connection, String username) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT uid FROM dspam_virtual_uids WHERE username = ?")) {
            query.setString(1, username);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
            }
        }
    }

    private static Map<String, Long> stats(Connection connection, long uid) throws SQLException {
        Map<String, Long> stats = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT spam_learned, innocent_learned, "
            + "spam_misclassified, innocent_misclassified, spam_corpusfed, innocent_corpusfed, spam_classified, "
            + "innocent_classified FROM dspam_stats WHERE uid = ?")) {
            query.setLong(1, uid);
            try (ResultSet rows = query.executeQuery()) {
                if (rows.next()) {
                    for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                        stats.put(rows.getMetaData().getColumnLabel(column).toLowerCase(), rows.getLong(column));
                    }
                }
            }
        }
        return stats;
    }

    private static Map<Long, Hits> tokens(Connection connection, long uid) throws SQLException {
        Map<Long, Hits> tokens = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
            "SELECT token, spam_hits, innocent_hits FROM dspam_token_data WHERE uid = ?")) {
            query.setLong(1, uid);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    // MariaDB: BIGINT UNSIGNED; PostgreSQL: the signed reinterpretation. Same 64 bits either way.
                    long token = new BigInteger(rows.getString(1)).longValue();
                    tokens.put(token, new Hits(rows.getLong(2), rows.getLong(3)));
                }
            }
        }
        return tokens;
    }

    private static Map<String, byte[]> signatures(Connection connection, long uid) throws SQLException {
        Map<String, byte[]> signatures = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
            "SELECT signature, data FROM dspam_signature_data WHERE uid = ?")) {
            query.setLong(1, uid);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    signatures.put(rows.getString(1), rows.getBytes(2));
                }
            }
        }
        return signatures;
    }

    /** One token row's counters. */
    public static final class Hits {
        private final long spam;
        private final long innocent;

        public Hits(long spam, long innocent) {
            this.spam = spam;
            this.innocent = innocent;
        }

        public long spam() {
            return spam;
        }

        public long innocent() {
            return innocent;
        }

        public Hits plus(Hits other) {
            return new Hits(spam + other.spam, innocent + other.innocent);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hits && ((Hits) o).spam == spam && ((Hits) o).innocent == innocent;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(spam) * 31 + Long.hashCode(innocent);
        }

        @Override
        public String toString() {
            return "S" + spam + "/I" + innocent;
        }
    }

    /** One user's rows: the {@code dspam_stats} counters, the token table, the signatures (id → data). */
    public static final class Dictionary {
        private static final int SIGNATURE_RECORD_BYTES = 16;

        private final Map<String, Long> stats;
        private final Map<Long, Hits> tokens;
        private final Map<String, byte[]> signatures;

        Dictionary(Map<String, Long> stats, Map<Long, Hits> tokens, Map<String, byte[]> signatures) {
            this.stats = stats;
            this.tokens = tokens;
            this.signatures = signatures;
        }

        /** A {@code dspam_stats} column, e.g. {@code spam_learned} (0 when the user has no row). */
        public long stat(String column) {
            return stats.getOrDefault(column, 0L);
        }

        public Map<String, Long> stats() {
            return stats;
        }

        public Map<Long, Hits> tokens() {
            return tokens;
        }

        public long spamHits() {
            return tokens.values().stream().mapToLong(Hits::spam).sum();
        }

        public long innocentHits() {
            return tokens.values().stream().mapToLong(Hits::innocent).sum();
        }

        public Map<String, byte[]> signatures() {
            return signatures;
        }

        /**
         * The token ids of a signature: DSPAM's 16-byte records (8-byte little-endian token id,
         * one byte of frequency, seven zero bytes).
         */
        public static List<Long> tokensOf(byte[] data) {
            if (data.length % SIGNATURE_RECORD_BYTES != 0) {
                throw new IllegalArgumentException("signature data of " + data.length + " bytes is not made of 16-byte records");
            }
            List<Long> ids = new ArrayList<>(data.length / SIGNATURE_RECORD_BYTES);
            for (int offset = 0; offset < data.length; offset += SIGNATURE_RECORD_BYTES) {
                long id = 0;
                for (int b = 7; b >= 0; b--) {
                    id = (id << 8) | (data[offset + b] & 0xffL);
                }
                ids.add(id);
            }
            return ids;
        }
    }
}
