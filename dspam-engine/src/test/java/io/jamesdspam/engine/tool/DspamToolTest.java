package io.jamesdspam.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.engine.storage.TokenUpdate;
import io.jamesdspam.engine.tokenize.DspamCrc64;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.SharedDirectory;

class DspamToolTest {
    private static final String CSV_LINE = "[^,]+,(Spam|Innocent),(Spam|Innocent|Whitelisted),[01]\\.\\d{4},[01]\\.\\d{2},";

    private static List<CorpusMessage> spam;
    private static List<CorpusMessage> ham;

    @TempDir
    Path work;

    @BeforeAll
    static void pickMessages() {
        List<CorpusMessage> train = Corpus.load().trainSet();
        spam = train.stream().filter(CorpusMessage::isSpam).limit(6).collect(Collectors.toList());
        ham = train.stream().filter(m -> !m.isSpam()).limit(6).collect(Collectors.toList());
    }

    /** What one run printed and returned. */
    static final class Run {
        final int code;
        final String out;
        final String err;

        Run(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }

        List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DspamTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String store() {
        return work.resolve("store").toString();
    }

    private static String[] files(List<CorpusMessage> messages) {
        return messages.stream().map(m -> m.file().toString()).toArray(String[]::new);
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    private Path list(List<CorpusMessage> messages) throws IOException {
        Path list = work.resolve("train.list");
        Files.write(list, messages.stream().map(m -> (m.isSpam() ? "spam" : "innocent") + "\t" + m.file())
            .collect(Collectors.toList()));
        return list;
    }

    private DspamTotals totals() {
        try (JournalDspamStore store = JournalDspamStore.open(work.resolve("store"))) {
            return store.totals(DspamUser.of("u"));
        }
    }

    @Nested
    class Crc {
        @Test
        void printsDspamTokenIds() {
            Run run = run("crc", "FREE", "$$CONTROL$$", "123456789");
            assertThat(run.code).isZero();
            assertThat(run.lines()).containsExactly(
                "TOKEN: 'FREE' CRC: 7717766825815048192",
                "TOKEN: '$$CONTROL$$' CRC: 11624422384514212933",
                "TOKEN: '123456789' CRC: 5090661014116757502");
        }

        @Test
        void acceptsEngineSettingsButChecksThem() {
            assertThat(run("crc", "--tokenizer", "osb", "--training-mode=teft", "FREE").code).isZero();
            Run bad = run("crc", "--tokenizer", "bigram", "FREE");
            assertThat(bad.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(bad.err).contains("Tokenizer").doesNotContain("\n\n");
        }
    }

    @Nested
    class Help {
        @Test
        void aVerbsHelpListsItsOwnLinesAndWhatEveryVerbSharesWithoutRunningIt() {
            for (Run run : List.of(run("train", "--help"), run("train", "--store", store(), "-h"), run("help", "train"))) {
                assertThat(run.code).isZero();
                assertThat(run.err).isEmpty();
                assertThat(run.lines()).first().isEqualTo("usage: java -jar dspam-tool.jar train [options] [FILE...]");
                assertThat(run.lines()).filteredOn(line -> line.startsWith("  train ")).hasSize(2);
                assertThat(run.out).contains("(LISTFILE lines:", "store (every verb but crc)", "engine settings")
                    .doesNotContain("  classify ", "  serve ");
            }
            assertThat(work.resolve("store")).doesNotExist();
        }

        @Test
        void aHelpAfterTheEndOfOptionsIsAnArgument() {
            Run run = run("crc", "--", "-h");
            assertThat(run.code).isZero();
            assertThat(run.lines()).containsExactly("TOKEN: '-h' CRC: " + Long.toUnsignedString(DspamCrc64.of("-h")));
        }

        @Test
        void anUnknownVerbAsksForHelpInVainAndAnUnknownOptionPointsToIt() {
            Run unknownVerb = run("frobnicate", "--help");
            assertThat(unknownVerb.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(unknownVerb.err).contains("unknown verb 'frobnicate'");
            Run unknownOption = run("classify", "--stor", "x");
            assertThat(unknownOption.err.trim()).isEqualTo("dspam-tool: classify: unknown option --stor (classify --help lists its options)");
            assertThat(run("help", "frobnicate").out.trim()).isEqualTo(DspamTool.USAGE);
        }
    }

    @Nested
    class Errors {
        @Test
        void unknownVerbOptionOrMissingValueGiveOneLineAndExitTwo() {
            for (Run run : List.of(run("frobnicate"), run("classify", "--stor", "x"), run("classify", "--store"),
                run("train", "--store", store(), "--user", "u", "--class", "maybe", "x"))) {
                assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
                assertThat(run.err).startsWith("dspam-tool: ").endsWith("\n");
                assertThat(run.err.trim().split("\n")).hasSize(1);
            }
        }

        @Test
        void missingFileTrainsNothing() {
            Run run = run(concat(concat(new String[] {"train", "--store", store(), "--user", "u", "--class", "spam"},
                files(spam)), work.resolve("missing.eml").toString()));
            assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(run.err).contains("missing.eml");
            assertThat(totals()).isEqualTo(DspamTotals.EMPTY);
        }

        @Test
        void badListLineTrainsNothing() throws IOException {
            Path list = list(spam);
            Files.writeString(list, "junk line\n", java.nio.file.StandardOpenOption.APPEND);
            Run run = run("train", "--store", store(), "--user", "u", "--list", list.toString());
            assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(run.err).contains("line " + (spam.size() + 1));
            assertThat(totals()).isEqualTo(DspamTotals.EMPTY);
        }

        @Test
        void invalidUserIsRefused() {
            Run run = run("classify", "--store", store(), "--user", "../etc", spam.get(0).file().toString());
            assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(run.err).contains("../etc");
        }

        @Test
        void statsOfAMissingStoreFailsWithoutCreatingIt() {
            Run run = run("stats", "--store", store());
            assertThat(run.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(run.err).contains("no store");
            assertThat(work.resolve("store")).doesNotExist();
        }

        @Test
        void retrainWithUnknownSignatureFails() {
            run(concat(new String[] {"train", "--store", store(), "--user", "u", "--class", "spam"}, files(spam)));
            Run run = run("retrain", "--store", store(), "--user", "u", "--class", "innocent", "--signature", "nosuch1");
            assertThat(run.code).isNotZero();
            assertThat(run.err).startsWith("dspam-tool: ");
        }
    }

    @Nested
    class Explaining {
        private void trainSixOfEach() {
            assertThat(run(concat(new String[] {"train", "--store", store(), "--user", "u", "--class", "spam"},
                files(spam))).code).isZero();
            assertThat(run(concat(new String[] {"train", "--store", store(), "--user", "u", "--class", "innocent"},
                files(ham))).code).isZero();
        }

        @Test
        void classifyWithFactorsPrintsTheHeaderAfterEachResultLine() {
            trainSixOfEach();
            Run run = run("classify", "--store", store(), "--user", "u", "--factors", spam.get(0).file().toString());

            assertThat(run.code).as(run.err).isZero();
            assertThat(run.lines().get(0)).matches(CSV_LINE + "N/A");
            assertThat(run.lines().get(1)).matches("X-DSPAM-Factors: \\d+,");
            int count = Integer.parseInt(run.lines().get(1).replaceAll("\\D", ""));
            assertThat(run.lines()).hasSize(2 + count);
            assertThat(run.lines().subList(2, 2 + count)).allMatch(line -> line.matches("\t.+, [01]\\.\\d{5},?"));
        }

        @Test
        void explainPrintsTheVerdictAndTheDecidingTokensWithTheirWords() {
            trainSixOfEach();
            Run run = run("explain", "--store", store(), "--user", "u", spam.get(1).file().toString());

            assertThat(run.code).as(run.err).isZero();
            assertThat(run.lines().get(0)).startsWith(spam.get(1).file() + ": ").contains("probability ", "confidence ");
            assertThat(run.lines().get(1)).startsWith("decided by ").contains("has learned 6 spam and 6 innocent");
            assertThat(run.lines().get(2)).contains("probability", "spam", "innocent", "token");
            assertThat(run.lines().subList(3, run.lines().size())).isNotEmpty()
                .allMatch(line -> line.matches("[01]\\.\\d{5} +\\d+ +\\d+  \\S.*"))
                .anyMatch(line -> line.endsWith("\""));
            assertThat(totals()).isEqualTo(new DspamTotals(6, 6, 0, 0, 6, 6, 0, 0));
        }

        @Test
        void explainJsonIsTheExplanationsGetters() throws IOException {
            trainSixOfEach();
            Run run = run("explain", "--store", store(), "--user", "u", "--json", ham.get(1).file().toString());

            assertThat(run.code).as(run.err).isZero();
            JsonNode json = new ObjectMapper().readTree(run.out);
            assertThat(json.get("user").asText()).isEqualTo("u");
            assertThat(json.get("basis").asText()).isEqualTo("message");
            assertThat(json.get("result").asText()).isIn("Spam", "Innocent");
            assertThat(json.get("probabilityText").asText()).matches("[01]\\.\\d{4}");
            assertThat(json.get("spamLearned").asLong()).isEqualTo(6);
            JsonNode first = json.get("tokens").get(0);
            assertThat(first.get("token").asText()).isNotEmpty();
            assertThat(Long.parseUnsignedLong(first.get("id").asText())).isNotNull();
            assertThat(first.get("timesCounted").asInt()).isBetween(1, 2);
            assertThat(first.has("spamHits") && first.has("innocentHits") && first.has("words")).isTrue();
        }

        @Test
        void explainBySignatureAndItsMistakes() {
            trainSixOfEach();
            Run process = run("process", "--store", store(), "--user", "u", "--training-mode", "teft",
                spam.get(2).file().toString());
            String signature = process.out.trim().split(",")[5];

            Run run = run("explain", "--store", store(), "--user", "u", "--signature", signature);
            assertThat(run.code).as(run.err).isZero();
            assertThat(run.lines().get(0)).startsWith("signature " + signature + ": ");
            assertThat(run.lines().subList(3, run.lines().size())).isNotEmpty().allMatch(line -> line.contains(" id "));

            Run unknown = run("explain", "--store", store(), "--user", "u", "--signature", "0123456789abcdef");
            assertThat(unknown.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(unknown.err).startsWith("dspam-tool: explain: signature 0123456789abcdef not found");
            Run both = run("explain", "--store", store(), "--user", "u", "--signature", signature,
                spam.get(2).file().toString());
            assertThat(both.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(both.err).contains("one message FILE or --signature ID");
        }
    }

    @Nested
    class Training {
        @Test
        void corpusTrainingThenClassifyPrintsOneLinePerFileAndLearnsNothing() {
            Run spamRun = run(concat(new String[] {"train", "--store", store(), "--user", "u", "--class", "spam"}, files(spam)));
            Run hamRun = run(concat(new String[] {"train", "--store", store(), "--user", "u", "--class", "innocent",
                "--source", "corpus"}, files(ham)));
            assertThat(spamRun.code).as(spamRun.err).isZero();
            assertThat(hamRun.code).as(hamRun.err).isZero();
            DspamTotals trained = totals();
            assertThat(trained).isEqualTo(new DspamTotals(6, 6, 0, 0, 6, 6, 0, 0));

            Run classify = run(concat(new String[] {"classify", "--store", store(), "--user", "u",
                "--training-mode", "teft"}, files(spam.subList(0, 2))));
            assertThat(classify.code).as(classify.err).isZero();
            assertThat(classify.lines()).hasSize(2);
            assertThat(classify.lines().get(0)).startsWith(spam.get(0).file() + ",").matches(CSV_LINE + "N/A");
            assertThat(totals()).isEqualTo(trained);
        }

        @Test
        void listTrainsAMixedSequenceInOrder() throws IOException {
            List<CorpusMessage> mixed = new ArrayList<>(spam.subList(0, 3));
            mixed.addAll(ham.subList(0, 2));
            Run run = run("train", "--store", store(), "--user", "u", "--list", list(mixed).toString());
            assertThat(run.code).as(run.err).isZero();
            assertThat(totals()).isEqualTo(new DspamTotals(3, 2, 0, 0, 3, 2, 0, 0));
        }

        @Test
        void processStoresASignatureThatRetrainMoves() {
            Run process = run("process", "--store", store(), "--user", "u", "--training-mode", "teft",
                spam.get(0).file().toString());
            assertThat(process.code).as(process.err).isZero();
            assertThat(process.out.trim()).matches(CSV_LINE + "[0-9a-zA-Z,]+");
            String[] fields = process.out.trim().split(",");
            String verdict = fields[1];
            String signature = fields[5];
            DspamTotals learned = totals();
            assertThat(learned.spamLearned() + learned.innocentLearned()).isEqualTo(1);

            String correction = verdict.equals("Spam") ? "innocent" : "spam";
            Run retrain = run("retrain", "--store", store(), "--user", "u", "--class", correction,
                "--signature", signature, "--training-mode", "teft");
            assertThat(retrain.code).as(retrain.err).isZero();
            DspamTotals corrected = totals();
            if (correction.equals("spam")) {
                assertThat(corrected.spamMisclassified()).isEqualTo(1);
                assertThat(corrected.spamLearned()).isEqualTo(1);
            } else {
                assertThat(corrected.innocentMisclassified()).isEqualTo(1);
                assertThat(corrected.innocentLearned()).isEqualTo(1);
            }
        }

        @Test
        void errorSourceRetrainsByTheSignatureTheDeliveredMessageCarries() throws IOException {
            Run process = run("process", "--store", store(), "--user", "u", "--training-mode", "teft",
                ham.get(0).file().toString());
            String signature = process.out.trim().split(",")[5];
            String verdict = process.out.trim().split(",")[1];
            Path delivered = work.resolve("delivered.eml");
            byte[] original = ham.get(0).bytes();
            byte[] header = ("X-DSPAM-Signature: " + signature + "\n").getBytes(StandardCharsets.US_ASCII);
            byte[] message = Arrays.copyOf(header, header.length + original.length);
            System.arraycopy(original, 0, message, header.length, original.length);
            Files.write(delivered, message);

            String correction = verdict.equals("Spam") ? "innocent" : "spam";
            Run retrain = run("train", "--store", store(), "--user", "u", "--class", correction, "--source", "error",
                "--training-mode", "teft", delivered.toString());
            assertThat(retrain.code).as(retrain.err).isZero();
            DspamTotals totals = totals();
            assertThat(totals.spamMisclassified() + totals.innocentMisclassified()).isEqualTo(1);

            Run noSignature = run("train", "--store", store(), "--user", "u", "--class", "spam", "--source", "error",
                ham.get(1).file().toString());
            assertThat(noSignature.code).isEqualTo(DspamTool.EXIT_USAGE);
            assertThat(noSignature.err).contains("no valid signature");
            assertThat(totals()).isEqualTo(totals);
        }

        @Test
        void onlineProcessesEachMessageAndRetrainsTheWrongOnes() throws IOException {
            List<CorpusMessage> mixed = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                mixed.add(spam.get(i));
                mixed.add(ham.get(i));
            }
            Run run = run("online", "--store", store(), "--user", "u", "--list", list(mixed).toString());
            assertThat(run.code).as(run.err).isZero();
            assertThat(run.lines()).hasSize(mixed.size());
            long retrained = run.lines().stream().filter(line -> line.endsWith(",1")).count();
            for (String line : run.lines()) {
                assertThat(line).matches(CSV_LINE + "[0-9a-zA-Z,]+,[01]");
            }
            // TOE below 100 learned messages behaves as TEFT: each message is learned once, each error corrected.
            DspamTotals totals = totals();
            assertThat(totals.spamLearned() + totals.innocentLearned()).isEqualTo(mixed.size());
            assertThat(totals.spamMisclassified() + totals.innocentMisclassified()).isEqualTo(retrained);
        }
    }

    @Nested
    class StoreVerbs {
        private void storeTotals(String user, DspamTotals totals, List<TokenUpdate> tokens) {
            try (JournalDspamStore store = JournalDspamStore.open(work.resolve("store"))) {
                store.apply(DspamUser.of(user), new MessageUpdate(DspamTotals.EMPTY, totals, tokens, Optional.empty(),
                    LocalDate.of(2026, 11, 25)));
            }
        }

        @Test
        void statsMatchDspamStatsOfTheReference() throws IOException {
            storeTotals("ref", new DspamTotals(200, 206, 156, 11, 0, 0, 876, 2239), List.of());
            String reference = Files.readString(SharedDirectory.dspamReference().resolve("dspam_stats.txt"));
            String section = reference.substring(reference.indexOf("########## C2-S2"));
            section = section.substring(0, section.indexOf("##########", 10));

            Run summary = run("stats", "--store", store());
            Run human = run("stats", "--store", store(), "--user", "ref", "-H");

            assertThat(summary.code).isZero();
            assertThat(section).contains("$ dspam_stats ref\n" + summary.out + "\n");
            assertThat(section).contains("$ dspam_stats -H ref\n" + human.out);
        }

        @Test
        void statsListsEveryUser() {
            storeTotals("alice", new DspamTotals(1, 0, 0, 0, 1, 0, 0, 0), List.of());
            storeTotals("bob", new DspamTotals(0, 2, 0, 0, 0, 2, 0, 0), List.of());
            Run run = run("stats", "--store", store());
            assertThat(run.lines()).hasSize(2);
            assertThat(run.lines().get(0)).startsWith("alice ").endsWith("SC:     1 NC:     0");
            assertThat(run.lines().get(1)).startsWith("bob ").endsWith("SC:     0 NC:     2");
        }

        /** Rows and signatures of {@code user} last used {@code daysAgo} days before today. */
        private void storeUsed(String user, int daysAgo, List<TokenUpdate> tokens, String signatureId) {
            LocalDate day = LocalDate.now().minusDays(daysAgo);
            try (JournalDspamStore store = JournalDspamStore.open(work.resolve("store"))) {
                DspamTotals totals = store.totals(DspamUser.of(user));
                store.apply(DspamUser.of(user), new MessageUpdate(totals, totals, tokens,
                    Optional.of(new StoredSignature(signatureId, new byte[16], day)), day));
            }
        }

        private long tokenCount(String user) {
            try (JournalDspamStore store = JournalDspamStore.open(work.resolve("store"))) {
                return store.tokenCount(DspamUser.of(user));
            }
        }

        @Test
        void cleanPurgesOldSignaturesAndStaleTokensAsDspamsPurgeDoes() {
            // A one-hit token 16 days old goes, one 10 days old stays; a token of 10 hits unused for 91 days goes for
            // TEFT users only, unless it is neutral (no totals: 0.4) and older than PurgeNeutral
            storeUsed("u", 91, List.of(new TokenUpdate(2L, false, 0, 0, 5, 5)), "old91");
            storeUsed("u", 16, List.of(new TokenUpdate(1L, false, 0, 0, 1, 0)), "old16");
            storeUsed("u", 10, List.of(new TokenUpdate(3L, false, 0, 0, 1, 0)), "new10");

            Run toe = run("clean", "--store", store(), "--training-mode", "toe", "--neutral-age", "365");

            assertThat(toe.code).as(toe.err).isZero();
            assertThat(toe.out).isEqualTo("purged 2 signatures and 1 stale tokens"
                + " (limits in days: signatures 14, neutral 365, unused 90,30,15,15)\n");
            assertThat(tokenCount("u")).isEqualTo(2);

            Run neutral = run("clean", "--store", store(), "--training-mode", "toe", "--signature-age", "0");

            assertThat(neutral.out).isEqualTo("purged 1 signatures and 1 stale tokens"
                + " (limits in days: signatures 0, neutral 90, unused 90,30,15,15)\n");
            assertThat(tokenCount("u")).isEqualTo(1);
        }

        @Test
        void cleanOfNamedUsersLeavesTheOthersAlone() {
            storeUsed("u", 16, List.of(new TokenUpdate(1L, false, 0, 0, 1, 0)), "u16");
            storeUsed("v", 16, List.of(new TokenUpdate(1L, false, 0, 0, 1, 0)), "v16");
            storeUsed("w", 16, List.of(new TokenUpdate(1L, false, 0, 0, 1, 0)), "w16");

            Run unknown = run("clean", "--store", store(), "--user", "u", "--user", "nobody");

            assertThat(unknown.code).isEqualTo(1);
            assertThat(unknown.err).contains("the store holds nothing for nobody: nothing purged");
            assertThat(tokenCount("u")).isEqualTo(1);

            Run named = run("clean", "--store", store(), "--user", "u", "--user", "w");

            assertThat(named.code).as(named.err).isZero();
            assertThat(named.out).startsWith("purged 2 signatures and 2 stale tokens");
            assertThat(tokenCount("u")).isZero();
            assertThat(tokenCount("v")).isEqualTo(1);
            assertThat(tokenCount("w")).isZero();
        }

        @Test
        void cleanTakesDspamCleansLimitsFromOptionsBeforeDspamConf() throws IOException {
            storeUsed("u", 20, List.of(new TokenUpdate(1L, false, 0, 0, 1, 0), new TokenUpdate(2L, false, 0, 0, 30, 30)),
                "old20");
            Path conf = Files.writeString(work.resolve("dspam.conf"), "TrainingMode teft\nPurgeHits1S 25\nPurgeUnused 25\n"
                + "PurgeNeutral 25\n");

            Run fromConf = run("clean", "--store", store(), "--config", conf.toString());

            assertThat(fromConf.code).as(fromConf.err).isZero();
            assertThat(fromConf.out).contains("and 0 stale tokens").contains("unused 25,30,25,15");
            assertThat(tokenCount("u")).isEqualTo(2);

            Run fromOptions = run("clean", "--store", store(), "--config", conf.toString(), "--unused-ages", "19,30,19,15");

            assertThat(fromOptions.out).contains("and 2 stale tokens").contains("unused 19,30,19,15");
            assertThat(tokenCount("u")).isZero();
        }

        @Test
        void cleanTakesTheSignatureAgeOfDspamConf() throws IOException {
            storeUsed("u", 8, List.of(), "old8");
            storeUsed("u", 6, List.of(), "old6");
            Path conf = Files.writeString(work.resolve("dspam.conf"), "TrainingMode toe\nPurgeSignatures 7\n");

            Run run = run("clean", "--store", store(), "--config", conf.toString());

            assertThat(run.out).isEqualTo("purged 1 signatures and 0 stale tokens"
                + " (limits in days: signatures 7, neutral 90, unused 90,30,15,15)\n");
        }

        @Test
        void cleanRefusesASignatureAgeThatIsNoNumberOfDays() throws IOException {
            Path conf = Files.writeString(work.resolve("dspam.conf"), "PurgeSignatures never\n");

            Run fromOption = run("clean", "--store", store(), "--signature-age", "14d");
            Run fromConf = run("clean", "--store", store(), "--config", conf.toString());

            assertThat(fromOption.code).isEqualTo(2);
            assertThat(fromOption.err).contains("--signature-age: expected a whole number, got '14d'");
            assertThat(fromConf.code).isEqualTo(2);
            assertThat(fromConf.err).contains("PurgeSignatures");
            assertThat(work.resolve("store")).doesNotExist();
            assertThat(run("clean", "--store", store(), "--neutral-age", "-1").err).contains("--neutral-age: -1 is outside 0..36500");
            assertThat(run("clean", "--store", store(), "--unused-ages", "90,30").err)
                .contains("--unused-ages: expected four day counts ANY,HAPAX,HITS1S,HITS1I");
            assertThat(work.resolve("store")).doesNotExist();
        }

        @Test
        void cleanOfAStoreInUseSaysSoAndChangesNothing() {
            storeUsed("u", 16, List.of(new TokenUpdate(1L, false, 0, 0, 1, 0)), "old16");
            try (JournalDspamStore inUse = JournalDspamStore.open(work.resolve("store"))) {
                Run run = run("clean", "--store", store());

                assertThat(run.code).isEqualTo(1);
                assertThat(run.err).contains("is already open").contains("stop its server");
                assertThat(inUse.tokenCount(DspamUser.of("u"))).isEqualTo(1);
            }
        }

        @Test
        void renameMovesAUserAndDeleteDeletesOne() {
            storeTotals("old", new DspamTotals(1, 0, 0, 0, 1, 0, 0, 0), List.of(new TokenUpdate(5L, false, 0, 0, 1, 0)));
            storeTotals("bob", new DspamTotals(0, 2, 0, 0, 0, 2, 0, 0), List.of());

            Run renamed = run("rename", "--store", store(), "--user", "old", "--new-user", "new");
            Run again = run("rename", "--store", store(), "--user", "old", "--new-user", "new");

            assertThat(renamed.code).as(renamed.err).isZero();
            assertThat(renamed.out).isEqualTo("moved old to new: 1 tokens, 0 signatures\n");
            assertThat(again.code).isEqualTo(1);
            assertThat(again.err).contains("holds nothing for old");
            assertThat(run("stats", "--store", store()).lines()).hasSize(2).anyMatch(line -> line.startsWith("new "));

            Run deleted = run("delete", "--store", store(), "--user", "new");

            assertThat(deleted.out).isEqualTo("deleted new: 1 tokens, 0 signatures\n");
            assertThat(run("stats", "--store", store()).lines()).hasSize(1).allMatch(line -> line.startsWith("bob "));
            assertThat(run("delete", "--store", store(), "--user", "new").code).isEqualTo(1);
            assertThat(run("rename", "--store", store(), "--user", "bob", "--new-user", "bob").code).isEqualTo(2);
        }

        @Test
        void dumpPrintsCanonicalLinesInUnsignedOrder() {
            storeTotals("u", new DspamTotals(3, 3, 0, 0, 0, 0, 0, 0), List.of(
                new TokenUpdate(-1L, false, 0, 0, 1, 2),
                new TokenUpdate(5L, false, 0, 0, 3, 0),
                new TokenUpdate(Long.MIN_VALUE, false, 0, 0, 0, 1)));
            Run run = run("dump", "--store", store(), "--user", "u");
            assertThat(run.code).isZero();
            assertThat(run.lines()).containsExactly("5,3,0", "9223372036854775808,0,1", "18446744073709551615,1,2");
        }
    }
}
