package io.jamesdspam.mailet.training;

import io.jamesdspam.testing.TestDatabase;

class SqlTrainingLedgerMariaDbTest extends SqlTrainingLedgerContract {
    @Override
    protected TestDatabase.Kind kind() {
        return TestDatabase.Kind.MARIADB;
    }
}
