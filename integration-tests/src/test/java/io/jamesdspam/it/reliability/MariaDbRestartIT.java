package io.jamesdspam.it.reliability;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.it.mailet.MailetItServer;
import io.jamesdspam.testing.TestDatabase;

/**
 * Reliability scenario "database restarted" on MariaDB: James with {@code embedded.storage=mysql}
 * while the machine's real MariaDB is shut down ({@code mariadb-admin shutdown}) and started again
 * the way {@code .ci/run} starts it, in the middle of 500 deliveries
 * (scenario and checks: {@link DatabaseRestartRun}).
 */
class MariaDbRestartIT {
    private static TestDatabase database;

    @RegisterExtension
    static JamesServerExtension james = MailetItServer.extension("dbrestart", () -> {
        database = TestDatabase.createNamed(TestDatabase.Kind.MARIADB, "twonode_", "restart_mariadb");
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
    void everyMailIsDeliveredAndNothingIsHalfAppliedWhenMariaDbRestarts() throws Exception {
        DatabaseRestartRun.run(james.getGuiceJamesServer(), database, DatabaseService.mariadb(database), "restart-mariadb");
    }
}
