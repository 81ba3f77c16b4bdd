package io.jamesdspam.it.reliability;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.it.cluster.SqlTestDatabase;
import io.jamesdspam.it.mailet.MailetItServer;

/**
 * Reliability scenario "database restarted": James with {@code embedded.storage=postgresql} while the
 * machine's real PostgreSQL is stopped ({@code pg_ctlcluster VERSION main stop}) and started again
 * in the middle of 500 deliveries
 * (scenario and checks: {@link DatabaseRestartRun}).
 */
class DatabaseRestartIT {
    private static SqlTestDatabase database;

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("dbrestart", () -> {
        database = SqlTestDatabase.fresh(SqlTestDatabase.Server.POSTGRESQL, "twonode_restart_pg");
        return DatabaseRestartRun.dspamProperties(database);
    });

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            james.getGuiceJamesServer().stop();
            database.drop();
        }
    }

    @Test
    void everyMailIsDeliveredAndNothingIsHalfAppliedWhenPostgresqlRestarts() throws Exception {
        DatabaseRestartRun.run(james.getGuiceJamesServer(), database, DatabaseService.postgresql(database), "restart-postgresql");
    }
}
