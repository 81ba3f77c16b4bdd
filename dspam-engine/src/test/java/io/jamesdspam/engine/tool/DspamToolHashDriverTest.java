package io.jamesdspam.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.storage.HashDriverHome;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * An installation that ran DSPAM's hash driver, read through its own dspam.conf: {@code copy}
 * moves its users into a store James runs on, which then answers as the files did.
 */
class DspamToolHashDriverTest {
    @TempDir
    Path work;

    /** alice trained in a journal store, then written as the hash driver's files of a DSPAM Home. */
    private Path dspamConf(Path node) throws IOException {
        DspamToolCopyTest.use(node, "alice");
        DspamToolCopyTest.prefer(node, "alice", "trainingMode", "toe");
        Path home = work.resolve("dspam-home");
        try (JournalDspamStore store = JournalDspamStore.open(node)) {
            HashDriverHome.writeUser(home, store, DspamUser.of("alice"), 1021);
        }
        Files.writeString(home.resolve("data/alice/alice.prefs"), "trainingMode=toe\n");
        Path conf = work.resolve("dspam.conf");
        Files.writeString(conf, "Home " + home + "\nStorageDriver /usr/lib/x86_64-linux-gnu/dspam/libhash_drv.so\n"
            + "HashRecMax 98317\nHashMaxSeek 10\n");
        return conf;
    }

    private static List<String> withoutSignatures(String classifyOutput) {
        // file,result,class,probability,confidence,signature: the signature is the store's own
        return classifyOutput.lines().map(line -> line.substring(0, line.lastIndexOf(',')))
            .map(line -> line.substring(line.indexOf(',') + 1)).collect(Collectors.toList());
    }

    @Test
    void copyMovesTheInstallationsUsersIntoAJournalStoreCountersTotalsAndPreferences() throws IOException {
        Path node = work.resolve("node");
        Path conf = dspamConf(node);
        Path copy = work.resolve("copy");

        DspamToolTest.Run run = DspamToolTest.run("copy", "--config", conf.toString(), "--to-store", copy.toString());

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.lines().get(0)).matches("alice: \\d+ tokens, 0 signatures, 1 preferences");
        String dump = DspamToolTest.run("dump", "--store", node.toString(), "--user", "alice").out;
        assertThat(dump.lines().count()).isGreaterThan(1000);
        assertThat(DspamToolTest.run("dump", "--store", copy.toString(), "--user", "alice").out).isEqualTo(dump);
        assertThat(DspamToolTest.run("stats", "--store", copy.toString(), "--user", "alice").out)
            .isEqualTo(DspamToolTest.run("stats", "--store", node.toString(), "--user", "alice").out);
    }

    @Test
    void theCopyClassifiesAsTheStoreTheFilesWereWrittenFromAndTheFilesAreNeverWritten() throws IOException {
        Path node = work.resolve("node");
        Path conf = dspamConf(node);
        Path css = work.resolve("dspam-home/data/alice/alice.css");
        byte[] before = Files.readAllBytes(css);
        Path copy = work.resolve("copy");
        assertThat(DspamToolTest.run("copy", "--config", conf.toString(), "--to-store", copy.toString()).code).isZero();
        List<String> messages = Corpus.load().testSet().subList(2, 12).stream()
            .map(CorpusMessage::file).map(Path::toString).collect(Collectors.toList());

        DspamToolTest.Run fromCopy = DspamToolTest.run(concat(List.of("classify", "--store", copy.toString(), "--user", "alice"), messages));
        DspamToolTest.Run fromNode = DspamToolTest.run(concat(List.of("classify", "--store", node.toString(), "--user", "alice"), messages));

        assertThat(fromCopy.code).as(fromCopy.err).isZero();
        assertThat(withoutSignatures(fromCopy.out)).hasSize(10).isEqualTo(withoutSignatures(fromNode.out));
        // DSPAM writes even when it only classifies (its From* and BNR tokens): refused on the files
        for (String verb : List.of("process", "classify")) {
            DspamToolTest.Run refused = DspamToolTest.run(verb, "--config", conf.toString(), "--user", "alice", messages.get(0));
            assertThat(refused.code).as(verb).isEqualTo(2);
            assertThat(refused.err).as(verb).contains("read only").contains("dspam-tool copy --config " + conf);
        }
        assertThat(DspamToolTest.run("stats", "--config", conf.toString(), "--user", "alice").out)
            .isEqualTo(DspamToolTest.run("stats", "--store", node.toString(), "--user", "alice").out);
        assertThat(Files.readAllBytes(css)).isEqualTo(before);
    }

    @Test
    void serveRefusesTheFilesRatherThanServingAnEmptyStoreInTheirHome() throws IOException {
        Path conf = dspamConf(work.resolve("node"));
        Files.writeString(conf, "ServerHost 127.0.0.1\nServerPort 0\nServerPass.james \"s3cret\"\n", StandardOpenOption.APPEND);
        List<Path> before = filesUnder(work.resolve("dspam-home"));

        DspamToolTest.Run refused = assertTimeoutPreemptively(Duration.ofSeconds(60),
            () -> DspamToolTest.run("serve", "--config", conf.toString()));

        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains("hash_drv", "read only", "dspam-tool copy --config dspam.conf --to-store DIR");
        assertThat(filesUnder(work.resolve("dspam-home"))).isEqualTo(before);
    }

    @Test
    void aDriverTheToolCannotOpenIsNamedAndNothingIsServedOrCreated() throws IOException {
        Path home = work.resolve("sqlite-home");
        Path conf = work.resolve("sqlite.conf");
        Files.writeString(conf, "Home " + home + "\nStorageDriver /usr/lib/dspam/libsqlite3_drv.so\n"
            + "ServerHost 127.0.0.1\nServerPort 0\nServerPass.james \"s3cret\"\n");

        DspamToolTest.Run stats = DspamToolTest.run("stats", "--config", conf.toString());
        DspamToolTest.Run serve = assertTimeoutPreemptively(Duration.ofSeconds(60),
            () -> DspamToolTest.run("serve", "--config", conf.toString()));

        assertThat(stats.code).isEqualTo(2);
        assertThat(stats.err).contains("it names StorageDriver /usr/lib/dspam/libsqlite3_drv.so");
        assertThat(serve.code).isEqualTo(1);
        assertThat(serve.err).contains("serve: needs --store DIR; it names StorageDriver /usr/lib/dspam/libsqlite3_drv.so");
        assertThat(home).doesNotExist();
    }

    private static List<Path> filesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.sorted().collect(Collectors.toList());
        }
    }

    private static String[] concat(List<String> head, List<String> tail) {
        return Stream.concat(head.stream(), tail.stream()).toArray(String[]::new);
    }
}
