package io.jamesdspam.engine.storage;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/**
 * The writer process of {@link JournalDspamStoreCrashTest}: trains an endless, deterministic
 * sequence of messages into a {@link JournalDspamStore} and prints {@code ACK n} after
 * {@code apply} of message n returned, until it is killed. It resumes after the last message the
 * store holds, so the test can kill and restart it again and again.
 */
public final class JournalCrashWriter {
    static final DspamUser USER = DspamUser.of("crash");
    static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    private static final int VOCABULARY = 3_000;

    private JournalCrashWriter() {
    }

    /** Message n of the sequence: its class and its distinct token ids. */
    static final class Message {
        final boolean spam;
        final long[] tokens;

        private Message(boolean spam, long[] tokens) {
            this.spam = spam;
            this.tokens = tokens;
        }

        static Message number(long seed, long n) {
            Random random = new Random(seed * 1_000_003L + n);
            boolean spam = random.nextBoolean();
            LinkedHashSet<Long> ids = new LinkedHashSet<>();
            int wanted = 50 + random.nextInt(350);
            while (ids.size() < wanted) {
                ids.add(tokenId(random.nextInt(VOCABULARY)));
            }
            return new Message(spam, ids.stream().mapToLong(Long::longValue).toArray());
        }

        static long tokenId(int word) {
            long z = word * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            return z ^ (z >>> 31);
        }
    }

    static String signatureId(long n) {
        return "sig" + n;
    }

    public static void main(String[] args) {
        Path directory = Paths.get(args[0]);
        long seed = Long.parseLong(args[1]);
        long compactionBytes = Long.parseLong(args[2]);
        try (JournalDspamStore store = JournalDspamStore.open(directory,
            JournalDspamStore.Options.defaults().withMinimumJournalBytesBeforeCompaction(compactionBytes))) {
            DspamTotals totals = store.totals(USER);
            long n = totals.spamLearned() + totals.innocentLearned();
            while (true) {
                n++;
                Message message = Message.number(seed, n);
                List<Long> ids = new ArrayList<>();
                for (long id : message.tokens) {
                    ids.add(id);
                }
                Map<Long, TokenStatistics> loaded = store.tokens(USER, ids);
                List<TokenUpdate> updates = new ArrayList<>();
                for (long id : message.tokens) {
                    TokenStatistics old = loaded.get(id);
                    long sh = old == null ? 0 : old.spamHits();
                    long ih = old == null ? 0 : old.innocentHits();
                    updates.add(new TokenUpdate(id, old != null, sh, ih, message.spam ? sh + 1 : sh,
                        message.spam ? ih : ih + 1));
                }
                DspamTotals next = new DspamTotals(totals.spamLearned() + (message.spam ? 1 : 0),
                    totals.innocentLearned() + (message.spam ? 0 : 1), 0, 0, 0, 0, 0, 0);
                byte[] signature = new byte[message.tokens.length * 16];
                new Random(n).nextBytes(signature);
                store.apply(USER, new MessageUpdate(totals, next, updates,
                    Optional.of(new StoredSignature(signatureId(n), signature, DAY)), DAY));
                totals = next;
                System.out.println("ACK " + n);
                System.out.flush();
            }
        }
    }
}
