package io.jamesdspam.engine.storage.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.engine.preference.PreferenceStore;
import io.jamesdspam.engine.preference.Preferences;
import io.jamesdspam.engine.preference.StoredPreferences;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.DspamStoreException;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.OperationAlreadyAppliedException;
import io.jamesdspam.engine.storage.SharedTokenCache;
import io.jamesdspam.engine.storage.SignatureIdTakenException;
import io.jamesdspam.engine.storage.StoreBatch;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.engine.storage.TotalsAndTokens;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * A {@link DspamStore} in DSPAM's own MySQL/MariaDB or PostgreSQL tables (docs/ENGINE-SPEC.md §10), safe to
 * share live with other James nodes and with a real dspamd on the same database:
 * <ul>
 *   <li>writes are DSPAM's relative SQL updates (§6.7): existing rows change by the control token's
 *       delta, new rows are inserted with 0/1 and fall back to the delta when another writer inserted
 *       them first, totals change column by column — nobody's counts are overwritten;</li>
 *   <li>one message is one transaction (tokens, totals, signature), retried whole after a deadlock or
 *       serialization failure, so it is applied completely or not at all;</li>
 *   <li>a message's tokens are read in one statement, with the totals;</li>
 *   <li>the node keeps a copy of the rows it read and wrote ({@link SharedTokenCache}), valid while
 *       the user's totals show no other writer, so that a message reads only the rows the node has
 *       not seen (and the totals).</li>
 * </ul>
 * Preferences are DSPAM's {@code dspam_preferences} rows ({@link SqlPreferences}, uid 0 = defaults).
 * Users are DSPAM's virtual users; the tables are created when absent and otherwise only checked.
 * Connections come from a HikariCP pool at READ COMMITTED.
 */
public final class SqlDspamStore implements DspamStore, PreferenceStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(SqlDspamStore.class);
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;
    private final SqlDialect dialect;
    private final DataSource dataSource;
    private final AutoCloseable pool;
    private final SqlTransactions transactions;
    private final UserIds userIds;
    private final SqlTotals totals;
    private final SqlTokens tokens;
    private final SqlSignatures signatures = new SqlSignatures();
    private final SqlOperations operations = new SqlOperations();
    private final SqlPreferences preferences;
    private final SqlStoreOptions options;
    /** Null when the options give it no heap. */
    private final SharedTokenCache cache;

    private SqlDspamStore(SqlDialect dialect, DataSource dataSource, AutoCloseable pool, SqlStoreOptions options) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.pool = pool;
        this.transactions = new SqlTransactions(dataSource, dialect);
        this.userIds = new UserIds(dialect, options.virtualUsers());
        this.totals = new SqlTotals(dialect);
        this.tokens = new SqlTokens(dialect);
        this.preferences = new SqlPreferences(transactions, userIds, dialect.name());
        this.options = options;
        this.cache = options.tokenCacheBytes() == 0 ? null
            : new SharedTokenCache(options.tokenCacheBytes(), options.tokenCacheAge().toNanos(), System::nanoTime);
    }

    /**
     * Connects, creates DSPAM's absent tables and checks the existing ones; fails with a message
     * naming the table and column when an existing schema does not fit, or when the database does
     * not answer.
     */
    public static SqlDspamStore open(SqlStoreOptions options) {
        SqlDialect dialect = SqlDialect.forUrl(options.jdbcUrl());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dialect.driverUrl(options.jdbcUrl()));
        config.setDriverClassName(dialect.driverClassName());
        config.setUsername(options.user());
        config.setPassword(options.password());
        config.setMaximumPoolSize(options.poolSize());
        config.setPoolName("dspam-sql");
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setAutoCommit(true);
        if (dialect.connectionInitSql() != null) {
            config.setConnectionInitSql(dialect.connectionInitSql());
        }
        // A database that is away fails a call after this long, so that mail flows on unclassified
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DspamStoreException("Cannot connect to the DSPAM " + dialect.name() + " database at "
                + options.jdbcUrl() + ": " + rootMessage(e), e);
        }
        SqlDspamStore store = new SqlDspamStore(dialect, pool, pool, options);
        try {
            store.transactions.read(connection -> SchemaLock.holding(connection, locked -> {
                new SqlSchema(dialect, options.virtualUsers()).ensure(locked);
                return null;
            }));
        } catch (SQLException | RuntimeException e) {
            pool.close();
            if (e instanceof DspamStoreException) {
                throw (DspamStoreException) e;
            }
            throw new DspamStoreException("Cannot prepare DSPAM's tables in the " + dialect.name() + " database at "
                + options.jdbcUrl() + ": " + rootMessage(e), e);
        }
        return store;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }

    private <T> T reading(String what, DspamUser user, SqlTransactions.Work<T> work) {
        try {
            return transactions.read(work);
        } catch (SQLException e) {
            throw new DspamStoreException("Cannot read " + what + " of " + user + " from " + dialect.name() + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public DspamTotals totals(DspamUser user) {
        return reading("the totals", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() ? totals.read(connection, uid.getAsLong()) : DspamTotals.EMPTY;
        });
    }

    @Override
    public TokenRows load(DspamUser user, long[] tokenIds) {
        return reading("the tokens", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() && tokenIds.length > 0 ? tokens.load(connection, uid.getAsLong(), tokenIds)
                : new TokenRows(tokenIds.length);
        });
    }

    /**
     * From the node's copy when it is valid for {@code asOf} and holds every id (a copy read whole
     * holds them all): no round trip for a message's BNR patterns. Another writer may have come
     * since the totals were read; the rows are then those of that moment, as the message's first
     * read saw them, which is as exact as reading them now.
     */
    @Override
    public TokenRows loadAsOf(DspamUser user, long[] tokenIds, DspamTotals asOf) {
        return copiedAsOf(user, tokenIds, asOf).orElseGet(() -> load(user, tokenIds));
    }

    /** The rows from the node's copy, without a round trip, when it is valid for {@code asOf} and holds every id. */
    Optional<TokenRows> copiedAsOf(DspamUser user, long[] tokenIds, DspamTotals asOf) {
        OptionalLong uid = userIds.known(user);
        if (cache == null || uid.isEmpty()) {
            return Optional.empty();
        }
        return cache.readAsOf(uid.getAsLong(), tokenIds, asOf);
    }

    /**
     * The totals and the tokens in one round trip (once the user's uid is known): only the rows the
     * node's copy does not hold are read; when the totals show that another writer came since the
     * copy was made, every row is read again (a second round trip).
     */
    @Override
    public TotalsAndTokens loadWithTotals(DspamUser user, long[] tokenIds) {
        return reading("the totals and tokens", user, connection -> {
            OptionalLong found = userIds.find(connection, user);
            if (found.isEmpty()) {
                return new TotalsAndTokens(DspamTotals.EMPTY, new TokenRows(tokenIds.length));
            }
            long uid = found.getAsLong();
            if (tokenIds.length == 0) {
                return new TotalsAndTokens(totals.read(connection, uid), new TokenRows(0));
            }
            if (cache == null) {
                SqlTotals.Riding riding = totals.riding(uid);
                TokenRows rows = tokens.load(connection, uid, tokenIds, riding);
                return new TotalsAndTokens(riding.totals(), rows);
            }
            SharedTokenCache.Read read = cache.read(uid, tokenIds);
            if (read.wantsWholeDictionary()) {
                Optional<TotalsAndTokens> whole = readWhole(connection, uid, read);
                if (whole.isPresent()) {
                    return whole.get();
                }
            }
            long[] missing = read.missingIds();
            DspamTotals stored;
            TokenRows fetched;
            if (missing.length == 0) {
                stored = totals.read(connection, uid);
                fetched = new TokenRows(0);
            } else {
                SqlTotals.Riding riding = totals.riding(uid);
                fetched = tokens.load(connection, uid, missing, riding);
                stored = riding.totals();
            }
            Optional<TokenRows> rows = read.complete(stored, fetched);
            if (rows.isPresent()) {
                return new TotalsAndTokens(stored, rows.get());
            }
            TokenRows all = tokens.load(connection, uid, tokenIds);
            read.replace(stored, all);
            return new TotalsAndTokens(stored, all);
        });
    }

    /**
     * The totals, then every row of the user (a dictionary too large for the copy stops the read):
     * the message's rows from them, and the node's copy of them. In one read-only transaction on the
     * message's connection, where PostgreSQL streams a result.
     */
    private Optional<TotalsAndTokens> readWhole(Connection connection, long uid, SharedTokenCache.Read read)
        throws SQLException {
        SharedTokenCache.WholeDictionary whole = read.wholeDictionary();
        DspamTotals stored = SqlTransactions.inOneTransaction(connection, inTransaction -> {
            DspamTotals before = totals.read(inTransaction, uid);
            tokens.readWhole(inTransaction, uid, whole);
            return before;
        });
        return whole.complete(stored).map(rows -> new TotalsAndTokens(stored, rows));
    }

    /** With the rows' own last-hit days (a copy that merges keeps the later day of the two rows). */
    @Override
    public Map<Long, TokenStatistics> tokens(DspamUser user, Collection<Long> tokenIds) {
        long[] ids = tokenIds.stream().mapToLong(Long::longValue).toArray();
        return reading("the tokens", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() && ids.length > 0 ? tokens.statistics(connection, uid.getAsLong(), ids, LocalDate.now())
                : Map.of();
        });
    }

    /**
     * One message's writes in one round trip ({@link SqlDialect#executeAtomically}), after the uid
     * (known uids are remembered; a new user's row is committed first, as DSPAM does), on one
     * connection; retried whole after a deadlock or serialization failure, and once with upserts for
     * its new rows when one of them was inserted by another writer meanwhile (on a token table that
     * does not roll back, {@link SqlDialect#tokenWritesRollBack}, upserted at once). The totals are read
     * back in the same round trip, for the node's copy of the rows to follow the write.
     */
    @Override
    public void apply(DspamUser user, MessageUpdate update) {
        if (!update.isEmpty()) {
            applyTogether(user, List.of(update), RowChanges.of(List.of(update)));
        }
    }

    /** Several messages of the user, read and applied through a {@link SqlBatch}, then written together. */
    @Override
    public Optional<StoreBatch> startBatch(DspamUser user) {
        return Optional.of(new SqlBatch(this, user));
    }

    @Override
    public boolean writesBatches() {
        return true;
    }

    /**
     * Writes {@code updates} of the user as {@link #apply} writes one message, in one transaction
     * and one round trip: each row they change is written once ({@link SqlTokens#writes}), with
     * what the updates applied one after the other leave — {@code rows}, folded by the caller, who
     * read through the same fold ({@link SqlBatch}).
     */
    void applyTogether(DspamUser user, List<MessageUpdate> updates, RowChanges rows) {
        List<MessageUpdate> writing = updates.stream().filter(update -> !update.isEmpty()).collect(Collectors.toList());
        if (writing.isEmpty()) {
            return;
        }
        List<String> keys = writing.stream().flatMap(update -> update.operationKey().stream()).collect(Collectors.toList());
        try {
            if (!keys.isEmpty()) {
                operations.ensureTable(transactions);
            }
            transactions.atomically(connection -> {
                long uid = userIds.findOrCreate(connection, user);
                boolean plainFirst = dialect.tokenWritesRollBack();
                try {
                    write(connection, uid, writing, rows, !plainFirst);
                } catch (SQLException e) {
                    if (!plainFirst || !dialect.isUniqueViolation(e)) {
                        throw e;
                    }
                    // A row taken for new that another writer inserted since the read (or this node's copy's
                    // last news of the user): the same writes, adding to such a row. A taken signature id or
                    // an operation key applied before fails again, told apart below
                    write(connection, uid, writing, rows, true);
                }
                return null;
            });
        } catch (SQLException e) {
            if (dialect.isUniqueViolation(e)) {
                for (String key : keys) {
                    if (operationApplied(user, key)) {
                        throw new OperationAlreadyAppliedException("Operation " + key + " was applied for " + user
                            + " already (nothing of it was applied again)");
                    }
                }
                Optional<String> signature = writing.stream().flatMap(update -> update.signature().stream())
                    .map(StoredSignature::id).reduce((first, second) -> first + ", " + second);
                if (signature.isPresent()) {
                    throw new SignatureIdTakenException("The signature id " + signature.get() + " of " + user
                        + " is taken in " + dialect.name() + " (nothing of it was applied)", e);
                }
            }
            throw new DspamStoreException("Cannot write " + (writing.size() == 1 ? "a message" : writing.size() + " messages")
                + " of " + user + " to " + dialect.name() + " (nothing of it was applied): " + e.getMessage(), e);
        }
    }

    /** One attempt at the writes of {@code updates}, with the node's copy following it. */
    private void write(Connection connection, long uid, List<MessageUpdate> updates, RowChanges rows,
        boolean upsertNewRows) throws SQLException {
        if (cache == null) {
            dialect.executeAtomically(connection, writes(uid, updates, rows, upsertNewRows), null);
            return;
        }
        SqlTotals.Riding after = totals.riding(uid);
        cache.writing(uid);
        try {
            dialect.executeAtomically(connection, writes(uid, updates, rows, upsertNewRows), after);
        } catch (SQLException | RuntimeException e) {
            cache.abandoned(uid);
            throw e;
        }
        cache.written(uid, updates, after.totals());
    }

    /**
     * {@code <uid>,} with {@code …UIDInSignature on}: the user's uid is created here when the user
     * is new (DSPAM has created it by then too, on the first processing call), else nothing.
     */
    @Override
    public String signatureIdPrefix(DspamUser user) {
        if (!options.uidInSignature()) {
            return "";
        }
        OptionalLong known = userIds.known(user);
        if (known.isPresent()) {
            return known.getAsLong() + ",";
        }
        try {
            return transactions.atomically(connection -> userIds.findOrCreate(connection, user)) + ",";
        } catch (SQLException e) {
            throw new DspamStoreException("Cannot create the DSPAM user " + user + " in " + dialect.name() + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public int maximumSignatureIdLength() {
        return dialect.maximumSignatureIdLength();
    }

    /**
     * The signature table's unique key on the user and the id, which {@link SqlSchema} requires of
     * every database it accepts, refuses a taken id with the rest of the message's write.
     */
    @Override
    public boolean refusesTakenSignatureIds() {
        return true;
    }

    /** Whether a keyed write failed on its key (rather than on a taken signature id). */
    private boolean operationApplied(DspamUser user, String key) {
        return reading("an operation key", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() && operations.exists(connection, uid.getAsLong(), key);
        });
    }

    @Override
    public boolean appliesOperationsOnce() {
        return true;
    }

    private List<SqlWrite> writes(long uid, List<MessageUpdate> updates, RowChanges rows, boolean upsertNewRows) {
        List<SqlWrite> writes = new ArrayList<>();
        // First: a key applied before fails the write before anything else is sent
        for (MessageUpdate update : updates) {
            update.operationKey().ifPresent(key -> writes.add(operations.insert(uid, key, update.today())));
        }
        // Then the user's totals row, the one row every writer of the user changes: taking its lock
        // before any token row's, writers of one user queue there instead of deadlocking over token
        // rows locked in different orders (the statements of a batch each lock an ascending set of ids)
        totals.write(uid, updates).ifPresent(writes::add);
        writes.addAll(tokens.writes(uid, rows, updates.get(updates.size() - 1).today(), upsertNewRows));
        for (MessageUpdate update : updates) {
            update.signature().ifPresent(signature -> writes.add(signatures.insert(uid, signature)));
        }
        return writes;
    }

    @Override
    public Optional<StoredSignature> signature(DspamUser user, String signatureId) {
        return reading("a signature", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() ? signatures.read(connection, uid.getAsLong(), signatureId) : Optional.empty();
        });
    }

    @Override
    public boolean hasSignature(DspamUser user, String signatureId) {
        return reading("a signature id", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() && signatures.exists(connection, uid.getAsLong(), signatureId);
        });
    }

    @Override
    public List<DspamUser> users() {
        try {
            return transactions.read(userIds::withStatistics);
        } catch (SQLException e) {
            throw new DspamStoreException("Cannot list the users of " + dialect.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void forEachToken(DspamUser user, TokenVisitor visitor) {
        try {
            // PostgreSQL streams a result only inside a transaction; nothing is written
            transactions.inTransaction(connection -> {
                OptionalLong uid = userIds.find(connection, user);
                if (uid.isPresent()) {
                    tokens.forEach(connection, uid.getAsLong(), visitor);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new DspamStoreException("Cannot read the tokens of " + user + " from " + dialect.name() + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public void forEachSignature(DspamUser user, Consumer<StoredSignature> visitor) {
        try {
            transactions.inTransaction(connection -> {
                OptionalLong uid = userIds.find(connection, user);
                if (uid.isPresent()) {
                    signatures.forEach(connection, uid.getAsLong(), visitor);
                }
                return null;
            });
        } catch (SQLException e) {
            throw new DspamStoreException("Cannot read the signatures of " + user + " from " + dialect.name() + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public long tokenCount(DspamUser user) {
        return reading("the token count", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() ? tokens.count(connection, uid.getAsLong()) : 0L;
        });
    }

    @Override
    public long signatureCount(DspamUser user) {
        return reading("the signature count", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            return uid.isPresent() ? signatures.count(connection, uid.getAsLong()) : 0L;
        });
    }

    /**
     * Gives the rows of {@code from} to {@code to}'s uid in one transaction ({@link UidMove#ifEmpty})
     * when {@code to} has none: no row leaves the database, and a failure rolls all of it back. A
     * row another node writes for {@code to} meanwhile collides with a moved one: nothing moves,
     * and the caller merges instead.
     */
    @Override
    public boolean renameUser(DspamUser from, DspamUser to) {
        try {
            return inOneTransaction(from, to, (connection, source, target, withOperations) ->
                UidMove.ifEmpty(connection, source, target, withOperations)).orElse(false);
        } catch (SQLException e) {
            if (dialect.isUniqueViolation(e)) {
                return false;
            }
            throw new DspamStoreException("Cannot move the rows of " + from + " to " + to + " in " + dialect.name() + ": "
                + e.getMessage(), e);
        }
    }

    /** Adds the rows of {@code from} to {@code to}'s in one transaction ({@link UidMove#adding}). */
    @Override
    public OptionalLong mergeUser(DspamUser from, DspamUser to) {
        try {
            return inOneTransaction(from, to, (connection, source, target, withOperations) ->
                UidMove.adding(connection, source, target, withOperations, dialect, totals))
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        } catch (SQLException e) {
            throw new DspamStoreException("Cannot add the rows of " + from + " to " + to + " in " + dialect.name() + ": "
                + e.getMessage(), e);
        }
    }

    /**
     * Deletes the user's rows in every uid-keyed table in one transaction ({@link UidMove#deleteAll}):
     * whole or not at all. On DSPAM's MyISAM tables, which cannot roll back, the user is emptied
     * as a purge does (deleting it again finishes a deletion that failed half-way).
     */
    @Override
    public void deleteUser(DspamUser user) {
        if (!dialect.everyTableRollsBack()) {
            DspamStore.super.deleteUser(user);
            return;
        }
        try {
            OptionalLong uid = transactions.read(connection -> userIds.find(connection, user));
            if (uid.isEmpty()) {
                return;
            }
            if (cache != null) {
                cache.writing(uid.getAsLong());
            }
            try {
                transactions.inTransaction(connection -> {
                    UidMove.deleteAll(connection, uid.getAsLong(), operations.presentIn(connection));
                    return null;
                });
            } finally {
                if (cache != null) {
                    cache.abandoned(uid.getAsLong());
                }
            }
        } catch (SQLException e) {
            throw new DspamStoreException("Cannot delete the rows of " + user + " in " + dialect.name() + " (nothing of them"
                + " was deleted): " + e.getMessage(), e);
        }
    }

    /** A change of two users' rows in every uid-keyed table. */
    @FunctionalInterface
    private interface TwoUsersWork<T> {
        T run(Connection connection, long from, long to, boolean withOperations) throws SQLException;
    }

    /**
     * Runs {@code work} on the uids of {@code from} and {@code to} (created when absent) in one
     * transaction, with both users' copies in the node dropped. Empty when it cannot be one
     * transaction (DSPAM's MyISAM tables do not roll back), or when {@code from} has no uid.
     */
    private <T> Optional<T> inOneTransaction(DspamUser from, DspamUser to, TwoUsersWork<T> work) throws SQLException {
        if (!dialect.everyTableRollsBack()) {
            return Optional.empty();
        }
        OptionalLong source = transactions.read(connection -> userIds.find(connection, from));
        if (source.isEmpty()) {
            return Optional.empty();
        }
        long fromUid = source.getAsLong();
        long toUid = transactions.atomically(connection -> userIds.findOrCreate(connection, to));
        if (cache != null) {
            // As a write: the copies of both go, and reads under way meanwhile keep nothing
            cache.writing(fromUid);
            cache.writing(toUid);
        }
        try {
            return Optional.of(transactions.inTransaction(connection ->
                work.run(connection, fromUid, toUid, operations.presentIn(connection))));
        } finally {
            if (cache != null) {
                cache.abandoned(fromUid);
                cache.abandoned(toUid);
            }
        }
    }

    @Override
    public long purgeSignatures(DspamUser user, LocalDate createdBefore) {
        return reading("(and purge) the signatures", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            if (uid.isEmpty()) {
                return 0L;
            }
            operations.deleteAppliedBefore(connection, uid.getAsLong(), createdBefore);
            return signatures.deleteCreatedBefore(connection, uid.getAsLong(), createdBefore);
        });
    }

    /**
     * Reads the user's rows, then deletes those the filter selects that still hold what was read: a
     * row another writer touched meanwhile is no longer stale and stays.
     */
    @Override
    public long purgeTokens(DspamUser user, TokenFilter filter) {
        List<SqlTokens.StaleRow> stale = new ArrayList<>();
        forEachToken(user, (id, statistics) -> {
            if (filter.matches(id, statistics)) {
                stale.add(new SqlTokens.StaleRow(id, statistics));
            }
        });
        if (stale.isEmpty()) {
            return 0;
        }
        return reading("(and purge) the tokens", user, connection -> {
            OptionalLong uid = userIds.find(connection, user);
            if (uid.isEmpty()) {
                return 0L;
            }
            if (cache == null) {
                return tokens.delete(connection, uid.getAsLong(), stale);
            }
            // As a write: reads under way meanwhile keep nothing, and the user's copy goes
            cache.writing(uid.getAsLong());
            try {
                return tokens.delete(connection, uid.getAsLong(), stale);
            } finally {
                cache.abandoned(uid.getAsLong());
            }
        });
    }

    /**
     * Refreshes the planner's statistics of the token and signature tables (PostgreSQL's ANALYZE):
     * a database whose autovacuum is off otherwise keeps the statistics of a much smaller
     * dictionary, or none, and reads tokens by scanning whole dictionaries. A failure is logged:
     * the purge or copy itself is done.
     */
    @Override
    public void refreshStatistics() {
        List<String> refresh = dialect.statisticsRefresh();
        if (refresh.isEmpty()) {
            return;
        }
        try {
            transactions.read(connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : refresh) {
                        statement.execute(sql);
                    }
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            LOGGER.warn("The rows are written, but the {} planner's statistics could not be refreshed ({}): run {} by hand",
                dialect.name(), rootMessage(e), String.join("; ", refresh));
        }
    }

    /**
     * The store's connection pool, for tables of the application beside DSPAM's (James's training
     * ledger), so that one node holds one pool; closed with the store.
     */
    public DataSource dataSource() {
        return dataSource;
    }

    // ---- preferences: DSPAM's dspam_preferences table, kept by SqlPreferences ----

    @Override
    public Preferences preferences(DspamUser user) {
        return preferences.preferences(user);
    }

    @Override
    public StoredPreferences storedPreferences(DspamUser user) {
        return preferences.storedPreferences(user);
    }

    @Override
    public void storePreference(DspamUser user, String name, String value) {
        preferences.storePreference(user, name, value);
    }

    @Override
    public boolean deletePreference(DspamUser user, String name) {
        return preferences.deletePreference(user, name);
    }

    @Override
    public Preferences defaultPreferences() {
        return preferences.defaultPreferences();
    }

    @Override
    public void storeDefaultPreference(String name, String value) {
        preferences.storeDefaultPreference(name, value);
    }

    @Override
    public boolean deleteDefaultPreference(String name) {
        return preferences.deleteDefaultPreference(name);
    }

    /** What the store was opened with. */
    public SqlStoreOptions options() {
        return options;
    }

    /** The database's kind, for messages: "PostgreSQL" or "MariaDB/MySQL". */
    public String databaseKind() {
        return dialect.name();
    }

    @Override
    public void close() {
        try {
            pool.close();
        } catch (Exception e) {
            throw new DspamStoreException("Cannot close the SQL connection pool: " + e.getMessage(), e);
        }
    }
}
