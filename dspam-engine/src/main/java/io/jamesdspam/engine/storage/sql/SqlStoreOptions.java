package io.jamesdspam.engine.storage.sql;

import java.util.Objects;

/**
 * Where and how {@link SqlDspamStore} connects: a JDBC URL ({@code jdbc:postgresql://…},
 * {@code jdbc:mariadb://…} or {@code jdbc:mysql://…}), credentials, the size of the connection pool
 * and the virtual user table's names.
 */
public final class SqlStoreOptions {
    public static final int DEFAULT_POOL_SIZE = 8;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int poolSize;
    private final VirtualUserTable virtualUsers;

    private SqlStoreOptions(String jdbcUrl, String user, String password, int poolSize, VirtualUserTable virtualUsers) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.poolSize = poolSize;
        this.virtualUsers = virtualUsers;
    }

    /** A store at {@code jdbcUrl}, no credentials, {@value #DEFAULT_POOL_SIZE} connections, DSPAM's default names. */
    public static SqlStoreOptions of(String jdbcUrl) {
        SqlDialect.forUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        return new SqlStoreOptions(jdbcUrl, null, null, DEFAULT_POOL_SIZE, VirtualUserTable.DEFAULT);
    }

    public SqlStoreOptions withCredentials(String user, String password) {
        return new SqlStoreOptions(jdbcUrl, user, password, poolSize, virtualUsers);
    }

    public SqlStoreOptions withPoolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("The SQL connection pool needs at least 1 connection: " + size);
        }
        return new SqlStoreOptions(jdbcUrl, user, password, size, virtualUsers);
    }

    public SqlStoreOptions withVirtualUsers(VirtualUserTable table) {
        return new SqlStoreOptions(jdbcUrl, user, password, poolSize, Objects.requireNonNull(table, "table"));
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public int poolSize() {
        return poolSize;
    }

    public VirtualUserTable virtualUsers() {
        return virtualUsers;
    }

    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " as " + user) + ", " + poolSize + " connections, virtual users in "
            + virtualUsers;
    }
}
