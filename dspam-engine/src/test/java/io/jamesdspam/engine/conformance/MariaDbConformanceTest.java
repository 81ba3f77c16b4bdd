package io.jamesdspam.engine.conformance;

import io.jamesdspam.engine.storage.sql.SqlTestDatabase;

/** The reference sequences on the machine's MariaDB. */
class MariaDbConformanceTest extends SqlStoreConformance {
    MariaDbConformanceTest() {
        super(SqlTestDatabase.Kind.MARIADB);
    }
}
