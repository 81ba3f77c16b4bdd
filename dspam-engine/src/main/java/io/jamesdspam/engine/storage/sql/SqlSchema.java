package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.engine.storage.DspamStoreException;

/**
 * DSPAM's tables in a database: creates those that are absent (as DSPAM's setup files would, but
 * InnoDB on MariaDB/MySQL) and checks those that exist, which are never altered. An existing table
 * may carry more columns than this store uses (other DSPAM versions, the PostgreSQL
 * {@code lookup_tokens} functions may be there or not); a missing column, a column of an
 * incompatible type (e.g. the legacy NUMERIC or text token) or a missing unique key stops the store
 * with a message naming the table and column.
 */
final class SqlSchema {
    private static final Logger LOGGER = LoggerFactory.getLogger(SqlSchema.class);
    private static final Pattern INTEGER = Pattern.compile(
        "(TINYINT|SMALLINT|MEDIUMINT|INT|INTEGER|BIGINT|INT2|INT4|INT8|SERIAL|BIGSERIAL)( UNSIGNED)?");
    private static final Pattern BIGINT = Pattern.compile("(BIGINT|INT8|BIGSERIAL)( UNSIGNED)?");
    private static final Pattern DATE = Pattern.compile("DATE");
    private static final Pattern TEXT = Pattern.compile("(VAR)?CHAR|BPCHAR|TEXT|CHARACTER( VARYING)?");
    private static final Pattern BINARY = Pattern.compile("BYTEA|(TINY|MEDIUM|LONG)?BLOB|VARBINARY");

    private final SqlDialect dialect;
    private final VirtualUserTable virtualUsers;

    SqlSchema(SqlDialect dialect, VirtualUserTable virtualUsers) {
        this.dialect = dialect;
        this.virtualUsers = virtualUsers;
    }

    /** What one table must have: its columns with their kind, and the column sets that must be unique. */
    private static final class Expected {
        final Map<String, Pattern> columns = new LinkedHashMap<>();
        final List<Set<String>> uniqueKeys = new ArrayList<>();

        Expected column(String name, Pattern kind) {
            columns.put(name, kind);
            return this;
        }

        Expected unique(String... key) {
            uniqueKeys.add(new TreeSet<>(List.of(key)));
            return this;
        }
    }

    private Expected expected(DspamTable table) {
        switch (table) {
            case TOKEN_DATA:
                return new Expected().column("uid", INTEGER).column("token", BIGINT).column("spam_hits", INTEGER)
                    .column("innocent_hits", INTEGER).column("last_hit", DATE).unique("uid", "token");
            case SIGNATURE_DATA:
                return new Expected().column("uid", INTEGER).column("signature", TEXT).column("data", BINARY)
                    .column("length", INTEGER).column("created_on", DATE).unique("uid", "signature");
            case STATS:
                Expected stats = new Expected().column("uid", INTEGER).unique("uid");
                SqlTotals.COLUMNS.forEach(column -> stats.column(column, INTEGER));
                return stats;
            case PREFERENCES:
                return new Expected().column("uid", INTEGER).column("preference", TEXT).column("value", TEXT);
            case VIRTUAL_UIDS:
                return new Expected().column(virtualUsers.uidColumn(), INTEGER).column(virtualUsers.usernameColumn(), TEXT)
                    .unique(virtualUsers.uidColumn());
            default:
                throw new IllegalArgumentException(table.toString());
        }
    }

    /** Creates the absent tables and checks the others; throws naming what does not match. */
    void ensure(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        List<String> mismatches = new ArrayList<>();
        for (DspamTable table : DspamTable.values()) {
            String name = table.name(virtualUsers);
            Map<String, String> columns = columns(metadata, connection, name);
            if (columns.isEmpty()) {
                create(connection, table);
                LOGGER.info("Created DSPAM's table {} in the {} database", name, dialect.name());
                continue;
            }
            Expected expected = expected(table);
            for (Map.Entry<String, Pattern> column : expected.columns.entrySet()) {
                String type = columns.get(column.getKey());
                if (type == null) {
                    mismatches.add(name + "." + column.getKey() + " is missing");
                } else if (!column.getValue().matcher(type).matches()) {
                    mismatches.add(name + "." + column.getKey() + " is " + type + ", expected " + kindName(column.getValue())
                        + (table == DspamTable.TOKEN_DATA && column.getKey().equals("token")
                        ? " (a legacy text/NUMERIC token column: convert it first, e.g. DSPAM's dspam_pg2int8)" : ""));
                }
            }
            List<Set<String>> unique = uniqueKeys(metadata, connection, name);
            for (Set<String> key : expected.uniqueKeys) {
                if (!unique.contains(key)) {
                    mismatches.add(name + " has no unique key on (" + String.join(", ", key) + ")");
                }
            }
        }
        if (!mismatches.isEmpty()) {
            throw new DspamStoreException("The " + dialect.name() + " database does not hold DSPAM's schema, "
                + "and it is never altered: " + String.join("; ", mismatches));
        }
        dialect.inspect(connection);
    }

    private static String kindName(Pattern kind) {
        return kind == INTEGER ? "an integer" : kind == BIGINT ? "BIGINT" : kind == DATE ? "DATE"
            : kind == TEXT ? "a character type" : "a binary type";
    }

    private void create(Connection connection, DspamTable table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : dialect.createTable(table, virtualUsers)) {
                statement.execute(sql);
            }
        }
    }

    /** Column name (lower case) → type name (upper case); empty when the table is absent. */
    private static Map<String, String> columns(DatabaseMetaData metadata, Connection connection, String table)
        throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        try (ResultSet rows = metadata.getColumns(connection.getCatalog(), connection.getSchema(), table, null)) {
            while (rows.next()) {
                if (table.equalsIgnoreCase(rows.getString("TABLE_NAME"))) {
                    columns.put(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT),
                        rows.getString("TYPE_NAME").toUpperCase(Locale.ROOT).trim());
                }
            }
        }
        return columns;
    }

    /** The column sets (lower case) of the table's unique indexes, primary key included. */
    private static List<Set<String>> uniqueKeys(DatabaseMetaData metadata, Connection connection, String table)
        throws SQLException {
        Map<String, Set<String>> indexes = new TreeMap<>();
        try (ResultSet rows = metadata.getIndexInfo(connection.getCatalog(), connection.getSchema(), table, true, true)) {
            while (rows.next()) {
                String index = rows.getString("INDEX_NAME");
                String column = rows.getString("COLUMN_NAME");
                if (index != null && column != null && !rows.getBoolean("NON_UNIQUE")) {
                    indexes.computeIfAbsent(index, i -> new TreeSet<>()).add(column.toLowerCase(Locale.ROOT));
                }
            }
        }
        return new ArrayList<>(indexes.values());
    }
}
