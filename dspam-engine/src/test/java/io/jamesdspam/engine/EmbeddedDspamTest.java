package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.engine.tokenize.DspamCrc64;
import io.jamesdspam.engine.tokenize.MessageTokenizer;
import io.jamesdspam.engine.tokenize.TokenizerKind;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.model.Verdict;

class EmbeddedDspamTest {
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final DspamUser CAROL = DspamUser.of("carol");

    private final InMemoryDspamStore store = new InMemoryDspamStore();

    private EmbeddedDspam engine(TrainingMode mode) {
        return EmbeddedDspam.create(EngineSettings.defaults().toBuilder().trainingMode(mode).build(), store);
    }

    /** The WORD tokenizer makes a token of every word, so that a test can look one up. */
    private EmbeddedDspam wordEngine(TrainingMode mode) {
        return EmbeddedDspam.create(EngineSettings.defaults().toBuilder().trainingMode(mode)
            .tokenizer(TokenizerKind.WORD).build(), store);
    }

    private static UserOutcome run(EmbeddedDspam engine, DspamRequest request) {
        return engine.execute(request).outcomes().get(0);
    }

    private static void corpus(EmbeddedDspam engine, DspamUser user, int spam, int ham) {
        for (int i = 0; i < Math.max(spam, ham); i++) {
            if (i < spam) {
                run(engine, DspamRequest.train(List.of(user), TrainingClass.SPAM, TrainingSource.CORPUS, Messages.spam(i)));
            }
            if (i < ham) {
                run(engine, DspamRequest.train(List.of(user), TrainingClass.INNOCENT, TrainingSource.CORPUS, Messages.ham(i)));
            }
        }
    }

    private Map<Long, TokenStatistics> tokensOf(DspamUser user, byte[] message) {
        List<Long> ids = new MessageTokenizer(EngineSettings.defaults().tokenizerSettings(List.of())).tokenize(message)
            .diction().entries().stream().map(e -> e.id()).collect(Collectors.toList());
        return store.tokens(user, ids);
    }

    private Map<Long, List<Long>> dump(DspamUser user) {
        Map<Long, List<Long>> rows = new HashMap<>();
        store.forEachToken(user, (id, s) -> {
            if (s.spamHits() + s.innocentHits() > 0) {
                rows.put(id, List.of(s.spamHits(), s.innocentHits()));
            }
        });
        return rows;
    }

    @Test
    void teftProcessLearnsTheResultAndStoresASignature() {
        EmbeddedDspam engine = engine(TrainingMode.TEFT);
        UserOutcome outcome = run(engine, DspamRequest.process(List.of(BOB), Messages.ham(1)));

        DspamResult result = outcome.result().orElseThrow();
        assertThat(result.verdict()).isEqualTo(Verdict.INNOCENT);
        assertThat(result.signature()).isPresent();
        assertThat(store.signature(BOB, result.signature().get().asString())).isPresent();
        assertThat(store.totals(BOB)).isEqualTo(new DspamTotals(0, 1, 0, 0, 0, 0, 0, 0));
        assertThat(tokensOf(BOB, Messages.ham(1)).values()).allMatch(s -> s.innocentHits() == 1 && s.spamHits() == 0);
    }

    @Test
    void classifyNeverLearnsUnderTeft() {
        EmbeddedDspam engine = engine(TrainingMode.TEFT);
        corpus(engine, BOB, 3, 3);
        Map<Long, List<Long>> before = dump(BOB);
        UserOutcome outcome = run(engine, DspamRequest.classify(List.of(BOB), Messages.spam(10)));

        assertThat(outcome.result().orElseThrow().signature()).isEmpty();
        assertThat(store.totals(BOB)).isEqualTo(new DspamTotals(3, 3, 0, 0, 3, 3, 0, 0));
        assertThat(dump(BOB)).isEqualTo(before);
    }

    @Test
    void toeTrainsLikeTeftUntilMoreThanAHundredOfEachThenOnlyCountsAndLearnsTheSender() {
        EmbeddedDspam engine = engine(TrainingMode.TOE);
        corpus(engine, BOB, 100, 100);
        run(engine, DspamRequest.process(List.of(BOB), Messages.ham(500)));
        assertThat(store.totals(BOB)).as("warm-up: learned like TEFT").isEqualTo(new DspamTotals(100, 101, 0, 0, 100, 100, 0, 0));

        corpus(engine, BOB, 1, 0);
        Map<Long, List<Long>> before = dump(BOB);
        UserOutcome outcome = run(engine, DspamRequest.process(List.of(BOB),
            Messages.message("Carol Example <carol@example.net>", "Project update 501", Messages.hamBody(501))));

        assertThat(outcome.result().orElseThrow().verdict()).isEqualTo(Verdict.INNOCENT);
        assertThat(store.totals(BOB)).isEqualTo(new DspamTotals(101, 101, 0, 0, 101, 100, 0, 1));
        Map<Long, List<Long>> after = dump(BOB);
        long fromId = DspamCrc64.of("From*Carol Example <carol@example.net>");
        Map<Long, List<Long>> changed = after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(changed).containsOnlyKeys(fromId);
        assertThat(changed.get(fromId)).containsExactly(0L, 1L);
    }

    @Test
    void tumFreezesMatureTokensDuringConfidentTraining() {
        EmbeddedDspam engine = wordEngine(TrainingMode.TUM);
        corpus(engine, BOB, 0, 1);
        for (int i = 0; i < 60; i++) {
            run(engine, DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS, Messages.spam(7)));
        }
        assertThat(store.totals(BOB).spamLearned()).isEqualTo(60);
        long subject = DspamCrc64.of("Subject*Great");
        assertThat(store.tokens(BOB, List.of(subject)).get(subject).spamHits()).isEqualTo(50);
    }

    @Test
    void notrainChangesNothingAndStoresNoSignature() {
        EmbeddedDspam engine = engine(TrainingMode.TEFT);
        corpus(engine, BOB, 2, 2);
        Map<Long, List<Long>> before = dump(BOB);
        UserOutcome outcome = run(engine, DspamRequest.process(List.of(BOB), Messages.spam(3)).withMode(TrainingMode.NOTRAIN));

        assertThat(outcome.result().orElseThrow().signature()).isEmpty();
        assertThat(store.totals(BOB)).isEqualTo(new DspamTotals(2, 2, 0, 0, 2, 2, 0, 0));
        assertThat(dump(BOB)).isEqualTo(before);
    }

    @Test
    void unlearnExactlyReversesATraining() {
        EmbeddedDspam engine = engine(TrainingMode.TEFT);
        corpus(engine, BOB, 5, 5);
        DspamTotals totals = store.totals(BOB);
        Map<Long, List<Long>> before = dump(BOB);

        run(engine, DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS, Messages.spam(42)));
        assertThat(dump(BOB)).isNotEqualTo(before);
        run(engine, DspamRequest.unlearn(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS, Messages.spam(42)));

        assertThat(dump(BOB)).isEqualTo(before);
        assertThat(store.totals(BOB)).isEqualTo(new DspamTotals(totals.spamLearned(), totals.innocentLearned(), 0, 0,
            totals.spamCorpusfed() + 1, totals.innocentCorpusfed(), 0, 0));
    }

    @Test
    void retrainingBySignatureMovesOneHitOfEveryRecordAcross() {
        EmbeddedDspam engine = engine(TrainingMode.TEFT);
        corpus(engine, BOB, 3, 3);
        byte[] message = Messages.message("Alice Example <alice@example.org>", "Project offer",
            "meeting agenda project review patch cheap prize");
        DspamResult processed = run(engine, DspamRequest.process(List.of(BOB), message)).result().orElseThrow();
        assertThat(processed.verdict()).isEqualTo(Verdict.INNOCENT);
        Map<Long, TokenStatistics> before = tokensOf(BOB, message);
        DspamTotals totalsBefore = store.totals(BOB);

        DspamResult retrained = run(engine, DspamRequest.retrain(List.of(BOB), TrainingClass.SPAM,
            processed.signature().orElseThrow())).result().orElseThrow();

        assertThat(retrained.verdict()).isEqualTo(Verdict.SPAM);
        assertThat(retrained.probability()).isEqualTo(1.0);
        assertThat(retrained.signature()).isEqualTo(processed.signature());
        assertThat(store.totals(BOB)).isEqualTo(new DspamTotals(totalsBefore.spamLearned() + 1,
            totalsBefore.innocentLearned() - 1, 1, 0, 3, 3, 0, 0));
        Map<Long, TokenStatistics> after = tokensOf(BOB, message);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((id, old) -> {
            assertThat(after.get(id).spamHits()).isEqualTo(Math.min(old.spamHits() + 1, totalsBefore.spamLearned() + 1));
            assertThat(after.get(id).innocentHits()).isEqualTo(Math.max(0, old.innocentHits() - 1));
        });
    }

    @Test
    void unknownSignatureAndSourceErrorWithoutSignatureGiveNoResult() {
        EmbeddedDspam engine = engine(TrainingMode.TEFT);
        UserOutcome unknown = run(engine, DspamRequest.retrain(List.of(BOB), TrainingClass.SPAM, Signature.of("4b11c5321587")));
        assertThat(unknown.isClassified()).isFalse();
        assertThat(unknown.reason()).hasValueSatisfying(reason -> assertThat(reason).contains("not found"));
        UserOutcome noSignature = run(engine, DspamRequest.unlearn(List.of(BOB), TrainingClass.SPAM, TrainingSource.ERROR,
            Messages.spam(1)));
        assertThat(noSignature.isClassified()).isFalse();
        assertThat(store.totals(BOB)).isEqualTo(DspamTotals.EMPTY);
    }

    @Test
    void aTrustedSenderIsWhitelistedWithoutChangingProbability() {
        EmbeddedDspam engine = engine(TrainingMode.TEFT);
        corpus(engine, BOB, 5, 11);
        for (int i = 0; i < 5; i++) {
            run(engine, DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS, Messages.spam(3)));
        }
        byte[] spammyFromAlice = Messages.message("Alice Example <alice@example.org>", "Great offer 3", Messages.spamBody(3));
        DspamResult withoutWhitelist = EmbeddedDspam.create(EngineSettings.defaults().toBuilder()
            .trainingMode(TrainingMode.TEFT).whitelistThreshold(1000).build(), store)
            .execute(DspamRequest.classify(List.of(BOB), spammyFromAlice)).resultFor(BOB).orElseThrow();
        assertThat(withoutWhitelist.dspamClass()).isEqualTo(DspamClass.SPAM);
        DspamResult result = run(engine, DspamRequest.classify(List.of(BOB), spammyFromAlice)).result().orElseThrow();
        assertThat(result.dspamClass()).isEqualTo(DspamClass.WHITELISTED);
        assertThat(result.verdict()).isEqualTo(Verdict.INNOCENT);
        assertThat(result.probability()).isEqualTo(withoutWhitelist.probability());
        assertThat(result.confidence()).isEqualTo(withoutWhitelist.confidence());
    }

    @Test
    void usersNeverShareData() {
        EmbeddedDspam engine = engine(TrainingMode.TEFT);
        corpus(engine, BOB, 2, 2);
        assertThat(store.totals(CAROL)).isEqualTo(DspamTotals.EMPTY);
        assertThat(store.tokenCount(CAROL)).isZero();
        List<UserOutcome> outcomes = engine.execute(DspamRequest.process(List.of(BOB, CAROL), Messages.spam(9))).outcomes();
        assertThat(outcomes).extracting(UserOutcome::user).containsExactly(BOB, CAROL);
        assertThat(store.totals(CAROL).innocentLearned() + store.totals(CAROL).spamLearned()).isEqualTo(1);
        assertThat(engine.users()).containsExactly(BOB, CAROL);
    }

    @Test
    void concurrentTrainingOfManyUsersLosesNothing() throws Exception {
        EmbeddedDspam engine = wordEngine(TrainingMode.TEFT);
        List<DspamUser> users = List.of(BOB, CAROL, DspamUser.of("dave"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        for (DspamUser user : users) {
                            run(engine, DspamRequest.train(List.of(user), TrainingClass.SPAM, TrainingSource.CORPUS,
                                Messages.spam(thread * 100 + i)));
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        for (DspamUser user : users) {
            assertThat(store.totals(user).spamLearned()).isEqualTo(60);
            long subject = DspamCrc64.of("Subject*Great");
            assertThat(store.tokens(user, List.of(subject)).get(subject).spamHits()).isEqualTo(60);
        }
    }

    @Test
    void sbphSignaturesHoldTheTextAndRetrainThroughTheFullPath() {
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults().toBuilder().trainingMode(TrainingMode.TEFT)
            .tokenizer(TokenizerKind.SBPH).build(), store);
        DspamResult processed = run(engine, DspamRequest.process(List.of(BOB), Messages.ham(4))).result().orElseThrow();
        String id = processed.signature().orElseThrow().asString();
        assertThat(new String(store.signature(BOB, id).orElseThrow().data(), StandardCharsets.ISO_8859_1))
            .contains("\u0001").contains("agenda patch build");
        assertThat(store.totals(BOB)).isEqualTo(new DspamTotals(0, 1, 0, 0, 0, 0, 0, 0));

        DspamResult retrained = run(engine, DspamRequest.retrain(List.of(BOB), TrainingClass.SPAM, Signature.of(id)))
            .result().orElseThrow();

        assertThat(retrained.verdict()).isEqualTo(Verdict.SPAM);
        assertThat(retrained.signature()).contains(Signature.of(id));
        assertThat(store.totals(BOB)).isEqualTo(new DspamTotals(1, 0, 1, 0, 0, 0, 0, 0));
        assertThat(dump(BOB).values()).isNotEmpty().allMatch(hits -> hits.equals(List.of(1L, 0L)));
    }
}
