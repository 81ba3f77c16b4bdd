package io.jamesdspam.mailet.training;

import io.jamesdspam.testing.TestDatabase;

class SqlTrainingLedgerPostgresTest extends SqlTrainingLedgerContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
