package io.jamesdspam.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.engine.decision.FactorsHeader;
import io.jamesdspam.engine.explain.DecidingToken;
import io.jamesdspam.engine.explain.Explanation;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.TokenStatistics;
import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;

class ExplainTest {
    private static final DspamUser BOB = DspamUser.of("bob");

    private InMemoryDspamStore store;
    private EmbeddedDspam engine;

    @BeforeEach
    void trainPastToeWarmUp() {
        store = new InMemoryDspamStore();
        engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
        for (int i = 0; i < 120; i++) {
            engine.execute(DspamRequest.train(List.of(BOB), TrainingClass.SPAM, TrainingSource.CORPUS, Messages.spam(i)));
            engine.execute(DspamRequest.train(List.of(BOB), TrainingClass.INNOCENT, TrainingSource.CORPUS, Messages.ham(i)));
        }
    }

    @Test
    void explainsTheVerdictClassifyGivesAndWritesNothing() {
        byte[] message = Messages.spam(500);
        DspamTotals totalsBefore = store.totals(BOB);
        Map<Long, String> tokensBefore = tokens();

        Explanation explanation = engine.explain(BOB, message);

        assertThat(store.totals(BOB)).isEqualTo(totalsBefore);
        assertThat(tokens()).isEqualTo(tokensBefore);
        DspamResult classified = engine.execute(DspamRequest.classify(List.of(BOB), message)).resultFor(BOB).orElseThrow();
        assertThat(explanation.getResult()).isEqualTo("Spam").isEqualTo(classified.verdict().wireName());
        assertThat(explanation.getDspamClass()).isEqualTo(classified.dspamClass().asString());
        assertThat(explanation.getProbabilityText()).isEqualTo(DspamNumberFormat.probability(classified.probability()));
        assertThat(explanation.getConfidenceText()).isEqualTo(DspamNumberFormat.confidence(classified.confidence()));
        assertThat(explanation.getBasis()).isEqualTo("message");
        assertThat(explanation.getSignature()).isNull();
        assertThat(explanation.getSpamLearned()).isEqualTo(120);
        // TOE: a classification does write (the From* token), the explanation did not
        assertThat(tokens()).isNotEqualTo(tokensBefore);
    }

    @Test
    void decidingTokensAreTheFactorsHeadersTokensEachOnce() {
        byte[] message = Messages.ham(501);
        EmbeddedDspam showingFactors = EmbeddedDspam.create(
            EngineSettings.defaults().toBuilder().showFactors(true).build(), store);
        String header = showingFactors.execute(DspamRequest.process(List.of(BOB), message).withMode(TrainingMode.NOTRAIN))
            .resultFor(BOB).orElseThrow().returnedHeaders().get(FactorsHeader.NAME);
        List<String> headerTokens = new ArrayList<>();
        for (String line : header.split(",\n\t")) {
            if (line.contains(", ")) {
                headerTokens.add(line.substring(0, line.lastIndexOf(", ")));
            }
        }

        Explanation explanation = engine.explain(BOB, message);

        assertThat(explanation.getResult()).isEqualTo("Innocent");
        assertThat(explanation.getDecidedBy()).isEqualTo("burton");
        assertThat(explanation.getTokens().stream().map(DecidingToken::getToken))
            .containsExactlyElementsOf(headerTokens.stream().distinct().collect(Collectors.toList()));
        assertThat(explanation.getTokens().stream().mapToInt(DecidingToken::getTimesCounted).sum())
            .isEqualTo(headerTokens.size()).isEqualTo(Integer.parseInt(header.substring(0, header.indexOf(','))));
    }

    @Test
    void eachTokenCarriesTheUsersCountsAndTheWordsItCameFrom() {
        Explanation explanation = engine.explain(BOB, Messages.spam(502));

        for (DecidingToken token : explanation.getTokens()) {
            TokenStatistics stored = store.tokens(BOB, List.of(Long.parseUnsignedLong(token.getId())))
                .get(Long.parseUnsignedLong(token.getId()));
            long spamHits = stored == null ? 0 : stored.spamHits();
            long innocentHits = stored == null ? 0 : stored.innocentHits();
            assertThat(token.getSpamHits()).as(token.getToken()).isEqualTo(spamHits);
            assertThat(token.getInnocentHits()).as(token.getToken()).isEqualTo(innocentHits);
            if (token.getWords() != null) {
                String anchor = token.getToken().substring(token.getToken().indexOf('*') + 1).split("\\+")[0];
                assertThat(token.getWords()).as(token.getToken()).contains(anchor);
            }
        }
        assertThat(explanation.getTokens()).anySatisfy(token -> assertThat(token.getWords()).isNotNull());
    }

    @Test
    void explainsAStoredSignatureByTokenIdsWithTheirCurrentCounts() {
        EmbeddedDspam teft = EmbeddedDspam.create(EngineSettings.defaults().toBuilder()
            .trainingMode(TrainingMode.TEFT).build(), store);
        DspamResult processed = teft.execute(DspamRequest.process(List.of(BOB), Messages.spam(503)))
            .resultFor(BOB).orElseThrow();
        Signature signature = processed.signature().orElseThrow();

        Explanation explanation = engine.explain(BOB, signature);

        assertThat(explanation.getBasis()).isEqualTo("signature");
        assertThat(explanation.getSignature()).isEqualTo(signature.asString());
        assertThat(explanation.getResult()).isEqualTo("Spam");
        assertThat(explanation.getTokens()).isNotEmpty().allSatisfy(token -> {
            assertThat(token.getToken()).isNull();
            assertThat(token.getWords()).isNull();
            assertThat(store.tokens(BOB, List.of(Long.parseUnsignedLong(token.getId())))).isNotEmpty();
        });
    }

    @Test
    void anUnknownSignatureOrAMessageWithoutTokensIsAnInvalidRequest() {
        assertThatThrownBy(() -> engine.explain(BOB, Signature.of("0123456789abcdef")))
            .isInstanceOfSatisfying(DspamException.class,
                e -> assertThat(e.kind()).isEqualTo(DspamException.Kind.INVALID_REQUEST))
            .hasMessageContaining("0123456789abcdef");
        assertThatThrownBy(() -> engine.explain(BOB, new byte[0]))
            .isInstanceOfSatisfying(DspamException.class,
                e -> assertThat(e.kind()).isEqualTo(DspamException.Kind.INVALID_REQUEST))
            .hasMessageContaining("no tokens");
    }

    /** Every stored token as id → "spam/innocent". */
    private Map<Long, String> tokens() {
        Map<Long, String> tokens = new TreeMap<>();
        store.forEachToken(BOB, (id, statistics) -> tokens.put(id, statistics.spamHits() + "/" + statistics.innocentHits()));
        return tokens;
    }
}
