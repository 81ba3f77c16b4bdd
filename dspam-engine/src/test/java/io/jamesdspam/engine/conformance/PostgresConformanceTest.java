package io.jamesdspam.engine.conformance;

import io.jamesdspam.testing.TestDatabase;

/** The reference sequences on the machine's PostgreSQL. */
class PostgresConformanceTest extends SqlStoreConformance {
    PostgresConformanceTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
