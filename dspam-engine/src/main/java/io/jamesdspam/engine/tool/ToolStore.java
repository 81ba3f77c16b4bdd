package io.jamesdspam.engine.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.Set;

import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.HashDriverStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.engine.storage.sql.StorageSettings;

/**
 * The store a verb works on: the journal store of {@code --store DIR}, else the SQL database the
 * {@code StorageDriver} of {@code --config dspam.conf} names (an existing DSPAM installation's
 * file works as it is) or, for {@code hash_drv}, its {@code Home}'s files read only (to copy them
 * into a store James runs on), else — for {@code serve} only — the journal store in dspam.conf's
 * {@code Home}.
 */
final class ToolStore {
    static final String STORE = "--store";
    static final String TO_STORE = "--to-store";
    static final String TO_CONFIG = "--to-config";

    /** The verbs that only read a store, the ones a hash driver installation's files serve. */
    private static final Set<String> HASH_DRIVER_VERBS = Set.of("copy", "stats", "dump");

    private ToolStore() {
    }

    /** The store for a verb that needs an existing one ({@code stats}, {@code dump}) or makes one. */
    static DspamStore open(ToolArguments arguments, boolean mustExist) {
        if (arguments.has(STORE)) {
            Path directory = Paths.get(arguments.required(STORE));
            if (mustExist && !Files.isDirectory(directory)) {
                throw new ToolException("no store at " + directory);
            }
            return JournalDspamStore.open(directory);
        }
        String driverNote = "";
        if (arguments.has(EngineOptions.CONFIG)) {
            DspamConf conf = read(Paths.get(arguments.required(EngineOptions.CONFIG)));
            DspamStore store = sqlStore(conf);
            if (store != null) {
                return store;
            }
            if (StorageSettings.namesHashDriver(conf)) {
                if (!HASH_DRIVER_VERBS.contains(arguments.verb())) {
                    // DSPAM writes even when it only classifies (its From* and BNR tokens)
                    throw new ToolException(arguments.verb() + ": the hash driver's files are read only here; copy them"
                        + " into a journal store or a database first (dspam-tool copy " + EngineOptions.CONFIG + " "
                        + arguments.required(EngineOptions.CONFIG) + " " + TO_STORE + " DIR), then use that");
                }
                return HashDriverStore.open(conf.get("Home").map(String::trim).filter(home -> !home.isEmpty())
                    .map(Paths::get).orElseThrow(() -> new ToolException(arguments.verb() + ": " + EngineOptions.CONFIG
                        + " names hash_drv but no Home (the directory whose data/ holds the users' .css files)")));
            }
            driverNote = unsupportedDriverNote(conf);
        }
        throw new ToolException(arguments.verb() + ": needs " + STORE + " DIR, or " + EngineOptions.CONFIG
            + " dspam.conf whose StorageDriver is mysql_drv, pgsql_drv or hash_drv (read only)" + driverNote);
    }

    /** "; it names …", when the file names a driver this tool cannot open; else nothing. */
    private static String unsupportedDriverNote(DspamConf conf) {
        return StorageSettings.unsupportedDriver(conf).map(driver -> "; it names StorageDriver " + driver
            + ", whose database this tool cannot open").orElse("");
    }

    /**
     * The store a {@code copy} writes into: the journal store of {@code --to-store DIR} (created
     * when absent), or the SQL database of {@code --to-config dspam.conf}; one of the two. The
     * same journal directory as the source is refused.
     */
    static DspamStore openTarget(ToolArguments arguments) {
        if (arguments.has(TO_STORE) == arguments.has(TO_CONFIG)) {
            throw new ToolException(arguments.verb() + ": needs " + TO_STORE + " DIR or " + TO_CONFIG
                + " dspam.conf (one of them)");
        }
        if (arguments.has(TO_STORE)) {
            Path directory = Paths.get(arguments.required(TO_STORE));
            if (arguments.has(STORE) && sameDirectory(Paths.get(arguments.required(STORE)), directory)) {
                throw new ToolException(arguments.verb() + ": " + TO_STORE + " is the source store itself");
            }
            return JournalDspamStore.open(directory);
        }
        DspamConf targetConf = read(Paths.get(arguments.required(TO_CONFIG)));
        Optional<SqlStoreOptions> target = sqlOptions(targetConf);
        if (target.isEmpty()) {
            throw new ToolException(arguments.verb() + ": " + TO_CONFIG + " names no SQL storage (StorageDriver"
                + " mysql_drv or pgsql_drv); use " + TO_STORE + " DIR for a journal store");
        }
        // With --replace, a copy into its own source would empty the users it is about to copy
        Optional<SqlStoreOptions> source = !arguments.has(STORE) && arguments.has(EngineOptions.CONFIG)
            ? sqlOptions(read(Paths.get(arguments.required(EngineOptions.CONFIG)))) : Optional.empty();
        if (source.isPresent() && source.get().jdbcUrl().equals(target.get().jdbcUrl())) {
            throw new ToolException(arguments.verb() + ": " + TO_CONFIG + " names the source's database itself ("
                + target.get().jdbcUrl() + ")");
        }
        return SqlDspamStore.open(target.get());
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    /** {@code serve}: {@code --store}, else dspam.conf's SQL storage, else its {@code Home}. */
    static DspamStore forServer(DspamConf conf, Path explicitStore) {
        if (explicitStore != null) {
            return JournalDspamStore.open(explicitStore);
        }
        DspamStore store = sqlStore(conf);
        if (store != null) {
            return store;
        }
        // A journal store in that DSPAM's Home would start empty beside the data it was meant to serve
        if (StorageSettings.namesHashDriver(conf)) {
            throw new ToolException("serve: the dspam.conf names hash_drv, whose .css files are read only here; copy them"
                + " into a journal store first (dspam-tool copy " + EngineOptions.CONFIG + " dspam.conf " + TO_STORE
                + " DIR) and serve that with " + STORE + " DIR");
        }
        String driverNote = unsupportedDriverNote(conf);
        if (!driverNote.isEmpty()) {
            throw new ToolException("serve: needs " + STORE + " DIR" + driverNote);
        }
        return JournalDspamStore.open(conf.get("Home").map(Paths::get).orElseThrow(() ->
            new ToolException("serve needs --store DIR, a Home line or a mysql_drv/pgsql_drv StorageDriver in dspam.conf")));
    }

    /** The SQL store of the file's storage keys, or null when it names none. */
    private static DspamStore sqlStore(DspamConf conf) {
        return sqlOptions(conf).map(SqlDspamStore::open).orElse(null);
    }

    /** The SQL storage the file's storage keys name, if any. */
    private static Optional<SqlStoreOptions> sqlOptions(DspamConf conf) {
        try {
            return StorageSettings.from(conf).sql();
        } catch (IllegalArgumentException e) {
            throw new ToolException("dspam.conf: " + e.getMessage(), e);
        }
    }

    static DspamConf read(Path file) {
        try {
            return DspamConf.read(file);
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
