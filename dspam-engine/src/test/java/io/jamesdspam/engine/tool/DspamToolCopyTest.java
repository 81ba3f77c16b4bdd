package io.jamesdspam.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.StoreContents;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/** {@code dspam-tool copy} between journal stores (the SQL directions: {@link DspamToolSqlTest}). */
class DspamToolCopyTest {
    @TempDir
    Path work;

    /** Trains {@code user} in the journal store at {@code store} and processes two messages (signatures). */
    static void use(Path store, String user) {
        List<CorpusMessage> train = Corpus.load().trainSet();
        for (CorpusMessage message : train.subList(0, 8)) {
            DspamToolTest.Run run = DspamToolTest.run("train", "--store", store.toString(), "--user", user, "--class",
                message.isSpam() ? "spam" : "innocent", message.file().toString());
            assertThat(run.code).as(run.err).isZero();
        }
        List<CorpusMessage> test = Corpus.load().testSet();
        DspamToolTest.Run processed = DspamToolTest.run("process", "--store", store.toString(), "--user", user,
            test.get(0).file().toString(), test.get(1).file().toString());
        assertThat(processed.code).as(processed.err).isZero();
    }

    /** A preference of the user, stored as {@code dspam_admin} stores one. */
    static void prefer(Path store, String user, String name, String value) {
        try (JournalDspamStore opened = JournalDspamStore.open(store)) {
            opened.storePreference(DspamUser.of(user), name, value);
        }
    }

    private static StoreContents contents(Path store, String user) {
        try (JournalDspamStore opened = JournalDspamStore.open(store)) {
            return StoreContents.of(opened, DspamUser.of(user));
        }
    }

    @Test
    void copiesEveryUserAndSaysWhat() {
        Path node = work.resolve("node");
        use(node, "alice");
        use(node, "bob");
        prefer(node, "alice", "trainingMode", "toe");
        Path copy = work.resolve("copy");

        DspamToolTest.Run run = DspamToolTest.run("copy", "--store", node.toString(), "--to-store", copy.toString());

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.lines()).hasSize(3);
        assertThat(run.lines().get(0)).matches("alice: \\d+ tokens, 2 signatures, 1 preferences");
        assertThat(run.lines().get(1)).matches("bob: \\d+ tokens, 2 signatures, 0 preferences");
        assertThat(run.lines().get(2)).matches("copied 2 users: \\d+ tokens, 4 signatures, 0 default preferences");
        for (String user : List.of("alice", "bob")) {
            assertThat(contents(copy, user)).isEqualTo(contents(node, user));
            assertThat(contents(copy, user).rowCount()).isPositive();
        }
        assertThat(DspamToolTest.run("dump", "--store", copy.toString(), "--user", "alice").out)
            .isEqualTo(DspamToolTest.run("dump", "--store", node.toString(), "--user", "alice").out);
    }

    @Test
    void aSecondCopyIsRefusedWritingNothingAndReplaceRedoesIt() {
        Path node = work.resolve("node");
        use(node, "alice");
        Path copy = work.resolve("copy");
        assertThat(DspamToolTest.run("copy", "--store", node.toString(), "--to-store", copy.toString()).code).isZero();
        // The copy goes on learning; a second copy must not mix the two
        DspamToolTest.Run more = DspamToolTest.run("train", "--store", copy.toString(), "--user", "alice", "--class",
            "spam", Corpus.load().testSet().get(5).file().toString());
        assertThat(more.code).as(more.err).isZero();
        StoreContents learned = contents(copy, "alice");

        DspamToolTest.Run refused = DspamToolTest.run("copy", "--store", node.toString(), "--to-store", copy.toString());

        assertThat(refused.code).isEqualTo(DspamTool.EXIT_FAILURE);
        assertThat(refused.err).contains("alice is in the target already").contains("nothing copied").contains("--replace");
        assertThat(contents(copy, "alice")).isEqualTo(learned);

        DspamToolTest.Run replaced = DspamToolTest.run("copy", "--store", node.toString(), "--to-store", copy.toString(),
            "--user", "alice", "--replace");

        assertThat(replaced.code).as(replaced.err).isZero();
        assertThat(replaced.lines().get(0)).endsWith("(replaced)");
        assertThat(contents(copy, "alice")).isEqualTo(contents(node, "alice"));
    }

    @Test
    void twoNodesStoresOfTheSameUserMergeIntoTheSumOfTheirCounters() {
        Path nodeA = work.resolve("node-a");
        Path nodeB = work.resolve("node-b");
        use(nodeA, "alice");
        trainOthers(nodeB, "alice");
        prefer(nodeB, "alice", "trainingMode", "toe");
        Path shared = work.resolve("shared");
        assertThat(DspamToolTest.run("copy", "--store", nodeA.toString(), "--to-store", shared.toString()).code).isZero();

        DspamToolTest.Run merged = DspamToolTest.run("copy", "--store", nodeB.toString(), "--to-store", shared.toString(),
            "--merge");

        assertThat(merged.code).as(merged.err).isZero();
        assertThat(merged.lines().get(0)).matches("alice: \\d+ tokens, 0 signatures, 1 preferences \\(merged\\)");
        assertSummed(dump("--store", shared.toString()), dump("--store", nodeA.toString()), dump("--store", nodeB.toString()));
        assertThat(contents(shared, "alice").totals())
            .isEqualTo(contents(nodeA, "alice").totals().plus(contents(nodeB, "alice").totals()));
        assertThat(contents(shared, "alice").signatureCount()).isEqualTo(contents(nodeA, "alice").signatureCount());

        DspamToolTest.Run both = DspamToolTest.run("copy", "--store", nodeB.toString(), "--to-store", shared.toString(),
            "--merge", "--replace");
        assertThat(both.code).isEqualTo(DspamTool.EXIT_USAGE);
        assertThat(both.err).contains("--replace or --merge, not both");
    }

    /** Trains {@code user} in the journal store at {@code store} on other messages than {@link #use} does. */
    static void trainOthers(Path store, String user) {
        for (CorpusMessage message : Corpus.load().trainSet().subList(20, 30)) {
            DspamToolTest.Run run = DspamToolTest.run("train", "--store", store.toString(), "--user", user, "--class",
                message.isSpam() ? "spam" : "innocent", message.file().toString());
            assertThat(run.code).as(run.err).isZero();
        }
    }

    /** Each token of {@code merged} holds the sum of its counters in {@code a} and {@code b}, and no other token is there. */
    static void assertSummed(Map<String, long[]> merged, Map<String, long[]> a, Map<String, long[]> b) {
        Map<String, long[]> expected = new HashMap<>(a);
        b.forEach((token, hits) -> expected.merge(token, hits, (x, y) -> new long[] {x[0] + y[0], x[1] + y[1]}));
        assertThat(merged.keySet()).isEqualTo(expected.keySet());
        expected.forEach((token, hits) -> assertThat(merged.get(token)).as(token).containsExactly(hits));
    }

    /** {@code dump} of alice in the store {@code store} names ({@code --store DIR} or {@code --config FILE}): token → hits. */
    static Map<String, long[]> dump(String... store) {
        List<String> args = new ArrayList<>(List.of("dump"));
        args.addAll(List.of(store));
        args.addAll(List.of("--user", "alice"));
        DspamToolTest.Run run = DspamToolTest.run(args.toArray(new String[0]));
        assertThat(run.code).as(run.err).isZero();
        Map<String, long[]> rows = new HashMap<>();
        for (String line : run.lines()) {
            String[] fields = line.split(",");
            rows.put(fields[0], new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
        }
        return rows;
    }

    @Test
    void badTargetsAreUsageErrors() {
        Path node = work.resolve("node");
        use(node, "alice");
        for (DspamToolTest.Run run : List.of(
            DspamToolTest.run("copy", "--store", node.toString()),
            DspamToolTest.run("copy", "--store", node.toString(), "--to-store", node.toString()),
            DspamToolTest.run("copy", "--store", node.toString(), "--to-store", work.resolve("a").toString(),
                "--to-config", work.resolve("b.conf").toString()))) {
            assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(run.err).startsWith("dspam-tool: copy: ");
        }
        DspamToolTest.Run missing = DspamToolTest.run("copy", "--store", work.resolve("none").toString(),
            "--to-store", work.resolve("copy").toString());
        assertThat(missing.code).isEqualTo(DspamTool.EXIT_USAGE);
        assertThat(missing.err).contains("no store at");
    }
}
