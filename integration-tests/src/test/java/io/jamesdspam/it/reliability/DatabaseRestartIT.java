package io.jamesdspam.it.reliability;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.it.mailet.MailetItServer;
import io.jamesdspam.testing.TestDatabase;

/**
 * Reliability scenario "database restarted": James with {@code embedded.storage=postgresql} while the
 * machine's real PostgreSQL is stopped ({@code pg_ctlcluster VERSION main stop}) and started again
 * in the middle of 500 deliveries
 * (scenario and checks: {@link DatabaseRestartRun}).
 */
class DatabaseRestartIT {
    private static TestDatabase database;

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("dbrestart", () -> {
        database = TestDatabase.createNamed(TestDatabase.Kind.POSTGRESQL, "twonode_", "restart_pg");
        return DatabaseRestartRun.dspamProperties(database);
    });

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            james.getGuiceJamesServer().stop();
            database.close();
        }
    }

    @Test
    void everyMailIsDeliveredAndNothingIsHalfAppliedWhenPostgresqlRestarts() throws Exception {
        DatabaseRestartRun.run(james.getGuiceJamesServer(), database, DatabaseService.postgresql(database), "restart-postgresql");
    }
}
