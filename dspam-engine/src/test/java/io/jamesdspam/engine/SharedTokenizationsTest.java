package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * A request for several users tokenizes its message once ({@link SharedTokenizations}): every
 * user must still get what a request of its own gives — the same verdicts, rows, totals and
 * signatures — although each one's processing changes its diction (BNR's patterns and
 * eliminations, TOE's writes), and a user whose preferences change the tokenizer gets its own tokens.
 */
class SharedTokenizationsTest {
    private static final List<DspamUser> USERS = List.of(DspamUser.of("ann"), DspamUser.of("ben"),
        DspamUser.of("cid"), DspamUser.of("dee"));
    private static final int TRAINED_PER_USER = 260;
    private static final int MESSAGES = 40;

    private static List<CorpusMessage> training;
    private static List<CorpusMessage> test;

    @BeforeAll
    static void corpus() {
        training = Corpus.load().trainSet();
        test = Corpus.load().testSet().subList(0, MESSAGES);
    }

    /** Each user trained on a different slice of the corpus, so that their dictionaries (and verdicts) differ. */
    private static EmbeddedDspam trainedEngine(InMemoryDspamStore store) {
        EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
        for (int u = 0; u < USERS.size(); u++) {
            for (int i = 0; i < TRAINED_PER_USER; i++) {
                CorpusMessage message = training.get((u * 97 + i) % training.size());
                engine.execute(DspamRequest.train(List.of(USERS.get(u)), message.isSpam() ? TrainingClass.SPAM : TrainingClass.INNOCENT,
                    TrainingSource.CORPUS, message.bytes()));
            }
        }
        for (DspamUser user : USERS) {
            // Past TOE's warm-up and BNR's thresholds (2,500 innocent seen: patterns eliminate tokens, and are learned)
            DspamTotals trained = store.totals(user);
            store.apply(user, new MessageUpdate(trained, trained.plus(new DspamTotals(150, 150, 0, 0, 0, 0, 0, 3000)),
                List.of(), Optional.empty(), LocalDate.of(2026, 12, 6)));
        }
        // The second user's whitelisting off: its tokenizer emits no From* token, its tokens are its own; the
        // last user takes the first one's untouched tokenization itself
        engine.setPreference(USERS.get(1), "enableWhitelist", "off");
        return engine;
    }

    @Test
    void aRequestForSeveralUsersLeavesWhatOneRequestPerUserLeaves() {
        InMemoryDspamStore together = new InMemoryDspamStore();
        InMemoryDspamStore apart = new InMemoryDspamStore();
        EmbeddedDspam shared = trainedEngine(together);
        EmbeddedDspam single = trainedEngine(apart);

        List<String> sharedResults = new ArrayList<>();
        List<String> singleResults = new ArrayList<>();
        for (CorpusMessage message : test) {
            List<UserOutcome> outcomes = shared.execute(DspamRequest.process(USERS, message.bytes())).outcomes();
            assertThat(outcomes).extracting(UserOutcome::user).containsExactlyElementsOf(USERS);
            outcomes.forEach(outcome -> sharedResults.add(describe(outcome)));
            for (DspamUser user : USERS) {
                singleResults.add(describe(single.execute(DspamRequest.process(List.of(user), message.bytes())).outcomes().get(0)));
            }
        }

        assertThat(sharedResults).containsExactlyElementsOf(singleResults);
        assertThat(sharedResults).anyMatch(result -> result.startsWith("spam")).anyMatch(result -> result.startsWith("innocent"));
        for (DspamUser user : USERS) {
            assertThat(together.totals(user)).as("totals of %s", user).isEqualTo(apart.totals(user));
            assertThat(rows(together, user)).as("rows of %s", user).isEqualTo(rows(apart, user));
            assertThat(signatureData(together, user)).as("signatures of %s", user)
                .containsExactlyElementsOf(signatureData(apart, user));
        }
    }

    /** Verdict, class, probability and confidence; whether a signature was written (ids are random). */
    private static String describe(UserOutcome outcome) {
        if (!outcome.isClassified()) {
            return "not classified: " + outcome;
        }
        DspamResult result = outcome.result().orElseThrow();
        return result.verdict() + " " + result.dspamClass() + " p=" + result.probability() + " c=" + result.confidence()
            + (result.signature().isPresent() ? " signed" : " unsigned");
    }

    private static Map<Long, List<Long>> rows(InMemoryDspamStore store, DspamUser user) {
        Map<Long, List<Long>> rows = new HashMap<>();
        store.forEachToken(user, (id, statistics) -> rows.put(id, List.of(statistics.spamHits(), statistics.innocentHits())));
        return rows;
    }

    /** The user's signatures' contents, sorted (their ids are random). */
    private static List<String> signatureData(InMemoryDspamStore store, DspamUser user) {
        List<String> data = new ArrayList<>();
        store.forEachSignature(user, signature -> data.add(Base64.getEncoder().encodeToString(signature.data())));
        Collections.sort(data);
        return data;
    }
}
