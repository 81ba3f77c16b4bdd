package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.model.DspamTotals;

/**
 * Crash safety for real: a writer in another JVM trains message after message and is killed
 * with {@code destroyForcibly()} (SIGKILL) at a random point, many times; after each kill the
 * store must hold exactly the first m messages for some m at least as large as the last one
 * acknowledged, every counter equal to the sum of those messages (no torn message, no damage),
 * and the signatures of exactly those messages. A small compaction threshold makes kills land
 * in compactions too.
 */
class JournalDspamStoreCrashTest {
    private static final int ROUNDS = 8;
    private static final long COMPACTION_BYTES = 24 * 1024;

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killedWriterLosesNoAcknowledgedMessageAndLeavesNoTornOne() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<Long, long[]> expected = new HashMap<>();
        long verified = 0;
        long expectedSpam = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long target = verified + 1 + random.nextInt(120);
            long acknowledged = runWriterUntilAcknowledged(seed, target, round);

            try (JournalDspamStore store = JournalDspamStore.open(directory)) {
                DspamTotals totals = store.totals(JournalCrashWriter.USER);
                long held = totals.spamLearned() + totals.innocentLearned();
                String context = "seed " + seed + ", round " + round + ", acknowledged " + acknowledged + ", held " + held;
                assertThat(held).as(context).isGreaterThanOrEqualTo(acknowledged);
                for (long n = verified + 1; n <= held; n++) {
                    JournalCrashWriter.Message message = JournalCrashWriter.Message.number(seed, n);
                    expectedSpam += message.spam ? 1 : 0;
                    for (long id : message.tokens) {
                        expected.computeIfAbsent(id, k -> new long[2])[message.spam ? 0 : 1]++;
                    }
                }
                verified = held;
                assertThat(totals.spamLearned()).as(context).isEqualTo(expectedSpam);

                Map<Long, long[]> stored = new HashMap<>();
                store.forEachToken(JournalCrashWriter.USER,
                    (id, s) -> stored.put(id, new long[] {s.spamHits(), s.innocentHits()}));
                assertThat(stored.keySet()).as(context).isEqualTo(expected.keySet());
                expected.forEach((id, hits) -> assertThat(stored.get(id)).as(context + ", token " + id).containsExactly(hits));

                assertThat(store.hasSignature(JournalCrashWriter.USER, JournalCrashWriter.signatureId(held)))
                    .as(context).isTrue();
                assertThat(store.hasSignature(JournalCrashWriter.USER, JournalCrashWriter.signatureId(held + 1)))
                    .as(context).isFalse();
                assertThat(store.signatureCount(JournalCrashWriter.USER)).as(context).isEqualTo(held);
                assertThat(store.signature(JournalCrashWriter.USER, JournalCrashWriter.signatureId(held)).orElseThrow().length())
                    .as(context).isEqualTo(JournalCrashWriter.Message.number(seed, held).tokens.length * 16);
            }
        }
        assertThat(verified).isGreaterThanOrEqualTo(ROUNDS);
    }

    /** Starts the writer, waits for its acknowledgement of message {@code target}, kills it; returns the last ack read. */
    private long runWriterUntilAcknowledged(long seed, long target, int round) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
            JournalCrashWriter.class.getName(), directory.toString(), Long.toString(seed), Long.toString(COMPACTION_BYTES)));
        Path errors = Files.createTempFile("crash-writer", ".err");
        Process writer = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (acknowledged < target && (line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged = Long.parseLong(line.substring(4));
                }
            }
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("round %d: the writer stopped before acknowledging %d: %s", round, target,
            Files.readString(errors)).isGreaterThanOrEqualTo(target);
        Files.deleteIfExists(errors);
        return acknowledged;
    }
}
