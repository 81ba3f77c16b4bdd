package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reference configuration C3 (TEFT + OSB): S1 corpus training and S2 online training. Both stores
 * equal C2-S1's (docs/reference/README.md §4.5), so they are checked against the C2-S1 token files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class C3OsbTeftConformanceTest {
    private ScenarioOutcome s1;
    private ScenarioOutcome s2;

    @BeforeAll
    void replay() {
        s1 = ScenarioOutcome.replay("C3", "S1", "C2-S1");
        s2 = ScenarioOutcome.replay("C3", "S2", "C2-S1");
    }

    @Test
    void totalsEqualTheReference() {
        assertThat(s1.totals).isEqualTo(s1.referenceTotals);
        assertThat(s2.totals).isEqualTo(s2.referenceTotals);
    }

    @Test
    void bothStoresEqualTheCorpusStoreOfTheReferenceExactly() {
        for (ScenarioOutcome outcome : new ScenarioOutcome[] {s1, s2}) {
            assertThat(outcome.hitsTwoPlusRows).isEqualTo(534_612);
            assertThat(outcome.hitsTwoPlusDiffering).as(outcome.toString()).isZero();
            assertThat(outcome.extraHitsTwoPlus).as(outcome.toString()).isZero();
            assertThat(outcome.bucketsDiffering).as(outcome.toString()).isZero();
            assertThat(outcome.storeTokens).isEqualTo(2_053_693L);
            assertThat(outcome.storeSha256).isEqualTo("62cc8656e41b315495c508a04f191f87ffbefdedc6f9170b77e243d10bf04425");
        }
        assertThat(s2.storeSha256).as("TEFT online training then retraining errors gives the corpus store")
            .isEqualTo(s1.storeSha256);
    }

    @Test
    void onlineLogMatchesTheReference() {
        assertThat(s2.online.messages).isEqualTo(3411);
        assertThat(s2.online.sameClass).as(s2.online.differences.toString()).isEqualTo(3411);
        assertThat(s2.online.sameProbability).as(s2.online.differences.toString()).isEqualTo(3411);
        assertThat(s2.online.sameConfidence).as(s2.online.differences.toString()).isEqualTo(3411);
    }

    @Test
    void pubtestResultsMatchTheReference() {
        for (ScenarioOutcome outcome : new ScenarioOutcome[] {s1, s2}) {
            assertThat(outcome.pubtest.messages).isEqualTo(1418);
            assertThat(outcome.pubtest.sameClass).as(outcome.pubtest.differences.toString()).isEqualTo(1418);
            assertThat(outcome.pubtest.sameProbability).as(outcome.pubtest.differences.toString()).isEqualTo(1418);
            assertThat(outcome.pubtest.sameConfidence).as(outcome.pubtest.differences.toString()).isEqualTo(1418);
        }
    }
}
