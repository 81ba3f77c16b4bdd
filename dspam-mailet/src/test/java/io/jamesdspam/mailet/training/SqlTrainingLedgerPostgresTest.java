package io.jamesdspam.mailet.training;

import io.jamesdspam.mailet.testing.SqljDatabase;

class SqlTrainingLedgerPostgresTest extends SqlTrainingLedgerContract {
    @Override
    protected SqljDatabase.Kind kind() {
        return SqljDatabase.Kind.POSTGRESQL;
    }
}
