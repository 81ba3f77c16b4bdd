package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.signature.SignatureRecords;
import io.jamesdspam.engine.storage.ControlDelta;
import io.jamesdspam.engine.storage.TokenRows;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.TestDatabase;

/**
 * Signatures cross between the engine and a real DSPAM on the same database: ours are DSPAM's
 * 16-byte records with one row per token, and a DSPAM signature (which also carries the control
 * token) retrains here without the control token ever becoming a row.
 */
class SqlSignatureInteropTest {
    private static final DspamUser USER = DspamUser.of("sigs@example.org");

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void ourSignatureIsDspamsRecordsAndADspamSignatureRetrainsHere(TestDatabase.Kind kind) throws SQLException {
        EngineSettings settings = EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT).build();
        byte[] message = Corpus.load().trainSet().get(0).bytes();
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "signatures");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database))) {
            EmbeddedDspam engine = EmbeddedDspam.create(settings, store);
            DspamResult processed = engine.execute(DspamRequest.process(List.of(USER), message)).resultFor(USER)
                .orElseThrow();
            String id = processed.signature().orElseThrow().asString();

            byte[] data;
            int length;
            try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT data, length FROM dspam_signature_data WHERE signature = ?")) {
                statement.setString(1, id);
                try (ResultSet row = statement.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    data = row.getBytes(1);
                    length = row.getInt(2);
                }
            }
            assertThat(length).isEqualTo(data.length).isPositive();
            assertThat(length % SignatureRecords.RECORD_SIZE).isZero();
            List<SignatureRecords.Record> records = SignatureRecords.decode(data);
            for (int i = 0; i < records.size(); i++) {
                assertThat(data[i * 16 + 8] & 0xff).isEqualTo(records.get(i).frequency());
                for (int pad = 9; pad < 16; pad++) {
                    assertThat(data[i * 16 + pad]).isZero();
                }
            }
            long[] ids = records.stream().mapToLong(SignatureRecords.Record::tokenId).toArray();
            TokenRows before = store.load(USER, ids);

            // What a real dspamd stores: the same records plus its control token, retrained here by id
            byte[] dspams = new byte[data.length + 16];
            System.arraycopy(data, 0, dspams, 0, data.length);
            byte[] control = new SignatureRecords.Writer(1).add(ControlDelta.CONTROL_TOKEN_ID, 1).bytes();
            System.arraycopy(control, 0, dspams, data.length, 16);
            try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO dspam_signature_data (uid, signature, data, length, created_on) "
                    + "VALUES (1, 'fromdspam1', ?, ?, CURRENT_DATE)")) {
                statement.setBytes(1, dspams);
                statement.setInt(2, dspams.length);
                statement.executeUpdate();
            }
            TrainingClass opposite = processed.verdict().asTrainingClass() == TrainingClass.SPAM
                ? TrainingClass.INNOCENT : TrainingClass.SPAM;
            assertThat(engine.execute(DspamRequest.retrain(List.of(USER), opposite, Signature.of("fromdspam1")))
                .resultFor(USER)).isPresent();

            TokenRows after = store.load(USER, ids);
            for (int i = 0; i < ids.length; i++) {
                long spamChange = after.spamHits(i) - before.spamHits(i);
                long innocentChange = after.innocentHits(i) - before.innocentHits(i);
                // Error retraining moves one hit from the wrong column to the right one (§6.8)
                assertThat(opposite == TrainingClass.SPAM ? spamChange : innocentChange).isEqualTo(1);
                assertThat(opposite == TrainingClass.SPAM ? innocentChange : spamChange).isEqualTo(-1);
            }
            try (Connection connection = database.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT COUNT(*) FROM dspam_token_data WHERE token = " + (kind == TestDatabase.Kind.MARIADB
                    ? Long.toUnsignedString(ControlDelta.CONTROL_TOKEN_ID) : Long.toString(ControlDelta.CONTROL_TOKEN_ID)));
                 ResultSet row = statement.executeQuery()) {
                row.next();
                assertThat(row.getLong(1)).as("the control token is never stored").isZero();
            }
        }
    }

    /**
     * A database whose DSPAM runs with {@code MySQLUIDInSignature}/{@code PgSQLUIDInSignature on}:
     * our new ids start with the user's uid and a comma too (§8.2) — a new user's uid is created
     * for it — and such an id retrains as any other.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void withUidInSignatureNewIdsStartWithTheUsersUid(TestDatabase.Kind kind) throws SQLException {
        byte[] message = Corpus.load().trainSet().get(1).bytes();
        try (TestDatabase database = TestDatabase.create(kind, "sql_", "uidsig");
             SqlDspamStore store = SqlDspamStore.open(TestStoreOptions.of(database).withUidInSignature(true))) {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
            // Another user first, so that this one's uid is not 1
            engine.execute(DspamRequest.process(List.of(DspamUser.of("first@example.org")), message));

            DspamResult processed = engine.execute(DspamRequest.process(List.of(USER), message)).resultFor(USER).orElseThrow();

            long uid = database.queryLong("SELECT uid FROM dspam_virtual_uids WHERE username = '" + USER.asString() + "'");
            assertThat(uid).isEqualTo(2);
            String id = processed.signature().orElseThrow().asString();
            assertThat(id).matches("2,[0-9a-f]{8}\\d+");
            assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_signature_data WHERE uid = 2 AND signature = '" + id + "'"))
                .isEqualTo(1);
            TrainingClass opposite = processed.verdict().asTrainingClass() == TrainingClass.SPAM
                ? TrainingClass.INNOCENT : TrainingClass.SPAM;
            assertThat(engine.execute(DspamRequest.retrain(List.of(USER), opposite, Signature.of(id))).resultFor(USER))
                .isPresent();
        }
    }
}
