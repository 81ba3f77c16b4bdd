package io.jamesdspam.engine.conformance;

import io.jamesdspam.engine.storage.sql.SqlTestDatabase;

/** The reference sequences on the machine's PostgreSQL. */
class PostgresConformanceTest extends SqlStoreConformance {
    PostgresConformanceTest() {
        super(SqlTestDatabase.Kind.POSTGRESQL);
    }
}
