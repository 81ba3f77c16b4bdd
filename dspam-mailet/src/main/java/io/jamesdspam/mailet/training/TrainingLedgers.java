package io.jamesdspam.mailet.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.jamesdspam.engine.storage.sql.SqlDspamStore;

/** Where a node keeps its training ledger: beside its dictionaries. */
public final class TrainingLedgers {
    private static final Logger LOGGER = LoggerFactory.getLogger(TrainingLedgers.class);

    private TrainingLedgers() {
    }

    /**
     * In the SQL storage's database when the dictionaries are there (shared by every node,
     * through the store's pool), else the file under the embedded store's directory, whatever the backend.
     */
    public static TrainingLedger open(Optional<SqlDspamStore> sql, Path embeddedDirectory) throws IOException {
        if (sql.isPresent()) {
            LOGGER.info("DSPAM training ledger: tables {}, {}, {} in the {} database", SqlTrainingLedger.TRAINED_TABLE,
                SqlTrainingLedger.PERIODIC_RUNS_TABLE, SqlTrainingLedger.UNDONE_TABLE, sql.get().databaseKind());
            return SqlTrainingLedger.open(sql.get().dataSource());
        }
        return FileTrainingLedger.in(embeddedDirectory);
    }
}
