package io.jamesdspam.it.reliability;

import org.apache.james.JamesServerExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.jamesdspam.testing.TestDatabase;

/**
 * Reliability scenario "database restarted": James with {@code embedded.storage=postgresql} while the
 * machine's real PostgreSQL is stopped ({@code pg_ctlcluster VERSION main stop}) and started again
 * in the middle of 500 deliveries
 * (scenario and checks: {@link DatabaseRestartRun}).
 */
class DatabaseRestartIT {
    private static final DatabaseRestartRun RUN = new DatabaseRestartRun(TestDatabase.Kind.POSTGRESQL, "restart_pg",
        DatabaseService::postgresql, "restart-postgresql");

    @RegisterExtension
    static JamesServerExtension james = RUN.james();

    @AfterAll
    static void dropDatabase() {
        RUN.dropDatabase();
    }

    @Test
    void everyMailIsDeliveredAndNothingIsHalfAppliedWhenPostgresqlRestarts() throws Exception {
        RUN.run();
    }
}
