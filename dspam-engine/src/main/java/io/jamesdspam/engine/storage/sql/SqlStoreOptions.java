package io.jamesdspam.engine.storage.sql;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how {@link SqlDspamStore} connects: a JDBC URL ({@code jdbc:postgresql://…},
 * {@code jdbc:mariadb://…} or {@code jdbc:mysql://…}), credentials, the size of the connection pool,
 * the virtual user table's names, the heap and age of the node's copy of token rows
 * ({@link io.jamesdspam.engine.storage.SharedTokenCache}; 0 bytes = none), and whether new signature
 * ids start with the user's uid ({@code MySQLUIDInSignature}/{@code PgSQLUIDInSignature}, docs/ENGINE-SPEC.md §8.2).
 */
public final class SqlStoreOptions {
    public static final int DEFAULT_POOL_SIZE = 8;
    /** As the journal store's dictionary cache ({@code embedded.cacheSize}). */
    public static final long DEFAULT_TOKEN_CACHE_BYTES = 128L << 20;
    /** How long a copy of a user's rows may miss a purge made by another writer (a purge changes no totals). */
    public static final Duration DEFAULT_TOKEN_CACHE_AGE = Duration.ofMinutes(5);

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int poolSize;
    private final VirtualUserTable virtualUsers;
    private final long tokenCacheBytes;
    private final Duration tokenCacheAge;
    private final boolean uidInSignature;

    private SqlStoreOptions(String jdbcUrl, String user, String password, int poolSize, VirtualUserTable virtualUsers,
                            long tokenCacheBytes, Duration tokenCacheAge, boolean uidInSignature) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.poolSize = poolSize;
        this.virtualUsers = virtualUsers;
        this.tokenCacheBytes = tokenCacheBytes;
        this.tokenCacheAge = tokenCacheAge;
        this.uidInSignature = uidInSignature;
    }

    /** A store at {@code jdbcUrl}, no credentials, {@value #DEFAULT_POOL_SIZE} connections, DSPAM's default names. */
    public static SqlStoreOptions of(String jdbcUrl) {
        SqlDialect.forUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        return new SqlStoreOptions(jdbcUrl, null, null, DEFAULT_POOL_SIZE, VirtualUserTable.DEFAULT,
            DEFAULT_TOKEN_CACHE_BYTES, DEFAULT_TOKEN_CACHE_AGE, false);
    }

    public SqlStoreOptions withCredentials(String user, String password) {
        return new SqlStoreOptions(jdbcUrl, user, password, poolSize, virtualUsers, tokenCacheBytes, tokenCacheAge, uidInSignature);
    }

    public SqlStoreOptions withPoolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("The SQL connection pool needs at least 1 connection: " + size);
        }
        return new SqlStoreOptions(jdbcUrl, user, password, size, virtualUsers, tokenCacheBytes, tokenCacheAge, uidInSignature);
    }

    public SqlStoreOptions withVirtualUsers(VirtualUserTable table) {
        return new SqlStoreOptions(jdbcUrl, user, password, poolSize, Objects.requireNonNull(table, "table"),
            tokenCacheBytes, tokenCacheAge, uidInSignature);
    }

    /** The node's copy of token rows: at most {@code bytes} of heap (0 = none), each user's at most {@code age} old. */
    public SqlStoreOptions withTokenCache(long bytes, Duration age) {
        if (bytes < 0 || age.isNegative()) {
            throw new IllegalArgumentException("The token cache's size and age cannot be negative: " + bytes + ", " + age);
        }
        return new SqlStoreOptions(jdbcUrl, user, password, poolSize, virtualUsers, bytes, age, uidInSignature);
    }

    /** New signature ids as {@code <uid>,<id>}, as DSPAM's drivers write them with {@code …UIDInSignature on}. */
    public SqlStoreOptions withUidInSignature(boolean on) {
        return new SqlStoreOptions(jdbcUrl, user, password, poolSize, virtualUsers, tokenCacheBytes, tokenCacheAge, on);
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

    public long tokenCacheBytes() {
        return tokenCacheBytes;
    }

    public Duration tokenCacheAge() {
        return tokenCacheAge;
    }

    public boolean uidInSignature() {
        return uidInSignature;
    }

    @Override
    public String toString() {
        return jdbcUrl + (user == null ? "" : " as " + user) + ", " + poolSize + " connections, virtual users in "
            + virtualUsers + ", " + tokenCacheBytes + " bytes of token cache" + (uidInSignature ? ", uid in signatures" : "");
    }
}
