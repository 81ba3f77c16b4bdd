package io.jamesdspam.mailet.training;

import io.jamesdspam.mailet.testing.SqljDatabase;

class SqlTrainingLedgerMariaDbTest extends SqlTrainingLedgerContract {
    @Override
    protected SqljDatabase.Kind kind() {
        return SqljDatabase.Kind.MARIADB;
    }
}
