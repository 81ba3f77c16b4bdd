package io.jamesdspam.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The built {@code dspam-tool.jar} as an operator runs it: {@code java -jar}, its own JVM, its own
 * logging binding, exit codes and output streams.
 */
class DspamToolJarIT {
    @TempDir
    Path work;

    /** What the process printed and returned. */
    private static final class Outcome {
        final int code;
        final String out;
        final String err;

        Outcome(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }

    private Outcome java(String... args) throws IOException, InterruptedException {
        return javaWithHeap(null, args);
    }

    /** {@code maxHeap}: the JVM's -Xmx, or null for the default. */
    private Outcome javaWithHeap(String maxHeap, String... args) throws IOException, InterruptedException {
        Path jar = Paths.get(System.getProperty("dspam.tool.jar", "target/dspam-tool.jar"));
        assertThat(jar).exists();
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        if (maxHeap != null) {
            command.add("-Xmx" + maxHeap);
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void crcRunsFromTheJar() throws Exception {
        Outcome outcome = java("crc", "FREE");
        assertThat(outcome.code).isZero();
        assertThat(outcome.out).isEqualTo("TOKEN: 'FREE' CRC: 7717766825815048192\n");
    }

    @Test
    void trainThenClassifyThenStatsFromTheJar() throws Exception {
        List<CorpusMessage> train = Corpus.load().trainSet().subList(0, 40);
        Path list = work.resolve("train.list");
        Files.write(list, train.stream().map(m -> (m.isSpam() ? "spam" : "innocent") + "\t" + m.file())
            .collect(Collectors.toList()));
        String store = work.resolve("store").toString();

        Outcome trained = java("train", "--store", store, "--user", "ref", "--list", list.toString());
        assertThat(trained.code).as(trained.err).isZero();
        assertThat(trained.out).isEmpty();

        CorpusMessage probe = Corpus.load().testSet().get(0);
        Outcome classified = java("classify", "--store", store, "--user", "ref", probe.file().toString());
        assertThat(classified.code).as(classified.err).isZero();
        assertThat(classified.out).matches(Pattern.quote(probe.file().toString())
            + ",(Spam|Innocent),(Spam|Innocent|Whitelisted),[01]\\.\\d{4},[01]\\.\\d{2},N/A\n");
        // The engine's INFO notes stay out of the output; stderr holds no stack trace.
        assertThat(classified.err).doesNotContain("Exception");

        long spam = train.stream().filter(CorpusMessage::isSpam).count();
        Outcome stats = java("stats", "--store", store);
        assertThat(stats.out).startsWith("ref ")
            .endsWith(String.format("SC:%6d NC:%6d%n", spam, train.size() - spam));
    }

    /**
     * The whole corpus training of the reference's C2-S1 scenario through the jar and the journal
     * store: the dump's canonical lines hash to the reference store's sha256 (docs/reference/README.md §4.5).
     */
    @Test
    void corpusTrainingDumpsExactlyTheReferenceStore() throws Exception {
        Path list = work.resolve("train.list");
        Files.write(list, Corpus.load().trainSet().stream()
            .map(m -> (m.isSpam() ? "spam" : "innocent") + "\t" + m.file()).collect(Collectors.toList()));
        String store = work.resolve("store").toString();

        Outcome trained = java("train", "--store", store, "--user", "ref", "--list", list.toString());
        assertThat(trained.code).as(trained.err).isZero();
        Outcome dump = java("dump", "--store", store, "--user", "ref");
        assertThat(dump.code).as(dump.err).isZero();

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(dump.out.getBytes(StandardCharsets.US_ASCII));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        assertThat(hex.toString())
            .isEqualTo("62cc8656e41b315495c508a04f191f87ffbefdedc6f9170b77e243d10bf04425");
    }

    /**
     * {@code train --list} of messages that together exceed the heap (issue 15: a 255 MB list ran
     * out of memory with -Xmx256m because every message was read before the first was trained).
     */
    @Test
    void aListOfMessagesLargerThanTheHeapIsTrainedOneMessageAtATime() throws Exception {
        List<String> lines = new ArrayList<>();
        long totalBytes = 0;
        for (int i = 0; i < 3; i++) {
            Path message = work.resolve("big-" + i + ".eml");
            Files.writeString(message, bigMessage(i), StandardCharsets.US_ASCII);
            totalBytes += Files.size(message) * 30;
            for (int copy = 0; copy < 30; copy++) {
                lines.add((i == 1 ? "spam" : "innocent") + "\t" + message);
            }
        }
        Path list = work.resolve("big.list");
        Files.write(list, lines);
        String store = work.resolve("store").toString();

        Outcome trained = javaWithHeap("48m", "train", "--store", store, "--user", "big", "--list", list.toString());

        assertThat(totalBytes).as("the listed messages exceed the heap").isGreaterThan(80L * 1024 * 1024);
        assertThat(trained.code).as(trained.err).isZero();
        assertThat(trained.err).doesNotContain("OutOfMemoryError");
        Outcome stats = java("stats", "--store", store);
        assertThat(stats.out).startsWith("big ").endsWith(String.format("SC:%6d NC:%6d%n", 30, 60));
    }

    /** About 1 MB of text over a small vocabulary, so that the dictionary stays small and only the bytes are big. */
    private static String bigMessage(int variant) {
        String[] words = {"meeting", "budget", "report", "travel", "lunch", "project", "deadline", "invoice", "offer",
            "review", "customer", "quarter", "figures", "plan", "schedule", "office"};
        StringBuilder text = new StringBuilder("From: sender" + variant + "@example.org\nSubject: big message " + variant
            + "\n\n");
        int line = 0;
        while (text.length() < 1024 * 1024) {
            for (int w = 0; w < 12; w++) {
                text.append(words[(line * 7 + w * 3 + variant) % words.length]).append(' ');
            }
            text.append('\n');
            line++;
        }
        return text.toString();
    }

    @Test
    void errorsExitNonZeroWithOneLine() throws Exception {
        Outcome outcome = java("classify", "--store", work.resolve("s").toString(), "--user", "ref", "--pvalue");
        assertThat(outcome.code).isEqualTo(2);
        assertThat(outcome.err).isEqualTo("dspam-tool: classify: option --pvalue needs a value\n");
    }
}
