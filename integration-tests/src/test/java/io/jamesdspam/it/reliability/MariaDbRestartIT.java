package io.jamesdspam.it.reliability;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.testing.TestDatabase;

/**
 * Reliability scenario "database restarted" on MariaDB: James with {@code embedded.storage=mysql}
 * while the machine's real MariaDB is shut down ({@code mariadb-admin shutdown}) and started again
 * the way {@code .ci/run} starts it, in the middle of 500 deliveries
 * (scenario and checks: {@link DatabaseRestartRun}).
 */
class MariaDbRestartIT {
    private static final DatabaseRestartRun RUN = new DatabaseRestartRun(TestDatabase.Kind.MARIADB, "restart_mariadb",
        DatabaseService::mariadb, "restart-mariadb");

    @RegisterExtension
    static JamesServerExtension james = RUN.james();

    @AfterAll
    static void dropDatabase() {
        RUN.dropDatabase();
    }

    @Test
    void everyMailIsDeliveredAndNothingIsHalfAppliedWhenMariaDbRestarts() throws Exception {
        RUN.run();
    }
}
