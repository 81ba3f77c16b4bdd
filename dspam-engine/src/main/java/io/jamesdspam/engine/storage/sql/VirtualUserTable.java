package io.jamesdspam.engine.storage.sql;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where DSPAM's virtual users live (docs/ENGINE-SPEC.md §10.1/§10.4): the table and its uid and username
 * columns, configurable in dspam.conf ({@code MySQLVirtualTable}, {@code MySQLVirtualUIDField},
 * {@code MySQLVirtualUsernameField} and the {@code PgSQL…} equivalents). The names go into SQL
 * text, so only plain identifiers are accepted.
 */
public final class VirtualUserTable {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    public static final VirtualUserTable DEFAULT = new VirtualUserTable("dspam_virtual_uids", "uid", "username");

    private final String table;
    private final String uidColumn;
    private final String usernameColumn;

    public VirtualUserTable(String table, String uidColumn, String usernameColumn) {
        this.table = identifier(table, "virtual user table");
        this.uidColumn = identifier(uidColumn, "virtual uid column");
        this.usernameColumn = identifier(usernameColumn, "virtual username column");
    }

    private static String identifier(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("The " + what + " must be a plain SQL identifier (letters, digits, _): '"
                + name + "'");
        }
        return name;
    }

    public String table() {
        return table;
    }

    public String uidColumn() {
        return uidColumn;
    }

    public String usernameColumn() {
        return usernameColumn;
    }

    @Override
    public String toString() {
        return table + "(" + uidColumn + ", " + usernameColumn + ")";
    }
}
