package io.jamesdspam.mailet.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.mailet.training.FileTrainingLedger;
import io.jamesdspam.mailet.training.SqlTrainingLedger;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.mailet.training.TrainingRecord;
import io.jamesdspam.mailet.training.UndoneCorrections;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.TestDatabase;

/**
 * A node on its journal store moves to PostgreSQL (a second node is coming): its dictionaries and
 * its training ledger are in the database afterwards, against the machine's real PostgreSQL.
 */
class NodeCopyCommandTest {
    private static final DspamUser ALICE = DspamUser.of("alice@example.org");
    private static final DspamUser BOB = DspamUser.of("bob@example.org");
    private static final Instant TRAINED = Instant.parse("2026-11-30T08:00:00Z");

    @TempDir
    Path home;

    private TestDatabase database;
    private Path journalProperties;
    private Path databaseProperties;
    private DspamTotals aliceTotals;
    private long aliceTokens;

    @BeforeEach
    void aNodeOnItsJournalStore() throws IOException {
        database = TestDatabase.create(TestDatabase.Kind.POSTGRESQL, "sqlj_", "nodecopy");
        Path directory = home.resolve("var/dspam");
        try (JournalDspamStore store = JournalDspamStore.open(directory)) {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
            List<CorpusMessage> train = Corpus.load().trainSet();
            for (CorpusMessage message : train.subList(0, 10)) {
                for (DspamUser user : List.of(ALICE, BOB)) {
                    engine.execute(DspamRequest.train(List.of(user), message.isSpam() ? TrainingClass.SPAM
                        : TrainingClass.INNOCENT, TrainingSource.CORPUS, message.bytes()));
                }
            }
            engine.execute(DspamRequest.process(List.of(ALICE), Corpus.load().testSet().get(0).bytes()));
            aliceTotals = store.totals(ALICE);
            aliceTokens = store.tokenCount(ALICE);
        }
        TrainingLedger ledger = FileTrainingLedger.in(directory);
        ledger.record(ALICE, "message-1", TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("1,abc"), TRAINED));
        ledger.record(BOB, "message-2", TrainingRecord.byMessage(TrainingClass.INNOCENT, TRAINED));
        ledger.periodicRunCompleted(ALICE, TRAINED);
        ledger.correctionUndone(ALICE, TrainingClass.SPAM);
        journalProperties = write("single-node.properties", Map.of("embedded.directory", "var/dspam"));
        databaseProperties = write("dspam.properties", database.dspamProperties());
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private Path write(String name, Map<String, String> properties) throws IOException {
        Path file = home.resolve(name);
        Files.write(file, properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toList()));
        return file;
    }

    private static final class Run {
        final int code;
        final List<String> out;
        final String err;

        Run(int code, String out, String err) {
            this.code = code;
            this.out = out.isEmpty() ? List.of() : List.of(out.split("\n"));
            this.err = err;
        }
    }

    private Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = NodeCopyCommand.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private SqlDspamStore openDatabase() {
        return SqlDspamStore.open(SqlStoreOptions.of(database.url()).withCredentials(database.user(), null));
    }

    @Test
    void theDictionariesAndTheLedgerAreInTheDatabaseAfterwards() {
        Run run = run("--from", journalProperties.toString(), "--to", databaseProperties.toString());

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out.get(0)).startsWith("from journal store " + home.resolve("var/dspam") + " to PostgreSQL jdbc:postgresql:")
            .endsWith(": 2 users");
        assertThat(run.out.get(1)).isEqualTo("alice@example.org: " + aliceTokens + " tokens, 1 signatures, 0 preferences");
        assertThat(run.out.get(3)).endsWith("training ledger: 2 trained messages, 1 periodic runs, 1 undone corrections");
        try (SqlDspamStore store = openDatabase()) {
            assertThat(store.totals(ALICE)).isEqualTo(aliceTotals);
            assertThat(store.tokenCount(ALICE)).isEqualTo(aliceTokens);
            TrainingLedger ledger = SqlTrainingLedger.open(store.dataSource());
            assertThat(ledger.find(ALICE, "message-1"))
                .contains(TrainingRecord.bySignature(TrainingClass.SPAM, Signature.of("1,abc"), TRAINED));
            assertThat(ledger.find(BOB, "message-2")).contains(TrainingRecord.byMessage(TrainingClass.INNOCENT, TRAINED));
            assertThat(ledger.lastPeriodicRun(ALICE)).contains(TRAINED);
            assertThat(ledger.undoneCorrections(ALICE)).isEqualTo(new UndoneCorrections(1, 0));
        }
    }

    @Test
    void aSecondCopyIsRefusedAndReplaceCopiesTheUsersAgainWithoutDoublingTheLedger() {
        assertThat(run("--from", journalProperties.toString(), "--to", databaseProperties.toString()).code).isZero();

        Run refused = run("--from", journalProperties.toString(), "--to", databaseProperties.toString());

        assertThat(refused.code).isEqualTo(NodeCopyCommand.EXIT_FAILURE);
        assertThat(refused.err).contains("alice@example.org is in the target already").contains("nothing copied");

        Run replaced = run("--from", journalProperties.toString(), "--to", databaseProperties.toString(), "--replace",
            "--user", "alice@example.org");

        assertThat(replaced.code).as(replaced.err).isZero();
        assertThat(replaced.out.get(1)).endsWith("(replaced)");
        assertThat(replaced.out.get(2)).endsWith("training ledger: 0 trained messages, 0 periodic runs, 0 undone corrections");
        try (SqlDspamStore store = openDatabase()) {
            assertThat(store.totals(ALICE)).isEqualTo(aliceTotals);
            assertThat(store.tokenCount(ALICE)).isEqualTo(aliceTokens);
            assertThat(SqlTrainingLedger.open(store.dataSource()).undoneCorrections(ALICE)).isEqualTo(new UndoneCorrections(1, 0));
        }
    }

    @Test
    void aSecondNodesStoreAndLedgerMergeIntoTheUsersTheFirstNodeCopied() throws IOException {
        Path otherDirectory = home.resolve("var/dspam-b");
        DspamTotals otherTotals;
        try (JournalDspamStore store = JournalDspamStore.open(otherDirectory)) {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
            for (CorpusMessage message : Corpus.load().trainSet().subList(10, 20)) {
                engine.execute(DspamRequest.train(List.of(ALICE), message.isSpam() ? TrainingClass.SPAM
                    : TrainingClass.INNOCENT, TrainingSource.CORPUS, message.bytes()));
            }
            otherTotals = store.totals(ALICE);
        }
        TrainingLedger otherLedger = FileTrainingLedger.in(otherDirectory);
        otherLedger.record(ALICE, "message-3", TrainingRecord.byMessage(TrainingClass.SPAM, TRAINED));
        otherLedger.correctionUndone(ALICE, TrainingClass.SPAM);
        Path otherNode = write("node-b.properties", Map.of("embedded.directory", "var/dspam-b"));
        assertThat(run("--from", journalProperties.toString(), "--to", databaseProperties.toString()).code).isZero();

        Run merged = run("--from", otherNode.toString(), "--to", databaseProperties.toString(), "--merge");

        assertThat(merged.code).as(merged.err).isZero();
        assertThat(merged.out.get(1)).startsWith("alice@example.org: ").endsWith("(merged)");
        assertThat(merged.out.get(2)).endsWith("training ledger: 1 trained messages, 0 periodic runs, 1 undone corrections");
        try (SqlDspamStore store = openDatabase()) {
            assertThat(store.totals(ALICE)).isEqualTo(aliceTotals.plus(otherTotals));
            assertThat(store.tokenCount(ALICE)).isGreaterThan(aliceTokens);
            TrainingLedger ledger = SqlTrainingLedger.open(store.dataSource());
            assertThat(ledger.find(ALICE, "message-1")).isPresent();
            assertThat(ledger.find(ALICE, "message-3")).contains(TrainingRecord.byMessage(TrainingClass.SPAM, TRAINED));
            // Both nodes' corrections moved back count, as both nodes' misclassifications do in the totals
            assertThat(ledger.undoneCorrections(ALICE)).isEqualTo(new UndoneCorrections(2, 0));
        }
    }

    @Test
    void whatCannotBeCopiedIsAUsageErrorSayingWhy() throws IOException {
        Path dspamd = write("dspamd.properties", Map.of("backend", "dspamd", "dspamd.endpoints", "127.0.0.1:2424",
            "dspamd.ident", "james", "dspamd.password", "secret"));
        Path missing = write("missing.properties", Map.of("embedded.directory", "var/none"));
        Path unknownKey = write("typo.properties", Map.of("embeded.directory", "var/dspam"));

        Run toDspamd = run("--from", journalProperties.toString(), "--to", dspamd.toString());
        Run fromNothing = run("--from", missing.toString(), "--to", databaseProperties.toString());
        Run same = run("--from", journalProperties.toString(), "--to", journalProperties.toString());
        Run sameDatabase = run("--from", databaseProperties.toString(), "--to", databaseProperties.toString(), "--replace");
        Run typo = run("--from", unknownKey.toString(), "--to", databaseProperties.toString());
        Run noTarget = run("--from", journalProperties.toString());
        Run replaceAndMerge = run("--from", journalProperties.toString(), "--to", databaseProperties.toString(),
            "--replace", "--merge");

        assertThat(List.of(toDspamd, fromNothing, same, sameDatabase, typo, noTarget, replaceAndMerge)).allSatisfy(run -> {
            assertThat(run.code).isEqualTo(NodeCopyCommand.EXIT_USAGE);
            assertThat(run.err).startsWith("node copy: ").contains("usage: NodeCopyCommand");
        });
        assertThat(toDspamd.err).contains("--to: backend=");
        assertThat(fromNothing.err).contains("no DSPAM store at").contains("var/none");
        assertThat(same.err).contains("the same storage");
        assertThat(sameDatabase.err).contains("the same storage").contains("jdbc:postgresql:");
        assertThat(typo.err).contains("embeded.directory");
        assertThat(noTarget.err).contains("--from and --to");
        assertThat(replaceAndMerge.err).contains("--replace or --merge, not both");
        assertThat(Files.exists(home.resolve("var/none"))).isFalse();
    }
}
