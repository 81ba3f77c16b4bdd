package io.jamesdspam.engine.tool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.DspamStore;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.StorageSettings;

/**
 * The store a verb works on: the journal store of {@code --store DIR}, else the SQL database the
 * {@code StorageDriver} of {@code --config dspam.conf} names (an existing DSPAM installation's
 * file works as it is), else — for {@code serve} only — the journal store in dspam.conf's {@code Home}.
 */
final class ToolStore {
    static final String STORE = "--store";

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
        if (arguments.has(EngineOptions.CONFIG)) {
            DspamConf conf = read(Paths.get(arguments.required(EngineOptions.CONFIG)));
            DspamStore store = sqlStore(conf);
            if (store != null) {
                return store;
            }
        }
        throw new ToolException(arguments.verb() + ": needs " + STORE + " DIR, or " + EngineOptions.CONFIG
            + " dspam.conf whose StorageDriver is mysql_drv or pgsql_drv");
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
        return JournalDspamStore.open(conf.get("Home").map(Paths::get).orElseThrow(() ->
            new ToolException("serve needs --store DIR, a Home line or a mysql_drv/pgsql_drv StorageDriver in dspam.conf")));
    }

    /** The SQL store of the file's storage keys, or null when it names none. */
    private static DspamStore sqlStore(DspamConf conf) {
        StorageSettings storage;
        try {
            storage = StorageSettings.from(conf);
        } catch (IllegalArgumentException e) {
            throw new ToolException("dspam.conf: " + e.getMessage(), e);
        }
        return storage.sql().map(SqlDspamStore::open).orElse(null);
    }

    static DspamConf read(Path file) {
        try {
            return DspamConf.read(file);
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
