package io.jamesdspam.engine.conformance;

import io.jamesdspam.testing.TestDatabase;

/** The reference sequences on the machine's MariaDB. */
class MariaDbConformanceTest extends SqlStoreConformance {
    MariaDbConformanceTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
