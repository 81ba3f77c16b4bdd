package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reference configuration C2 (TOE + OSB, the engine's defaults): S1 corpus training and S2 online
 * training (process, retrain by the returned signature when wrong), each followed by PUBTEST
 * classified in order from the trained state (under TOE every classification moves the store on).
 * S2 includes the two messages DSPAM's hash driver gave no result for (docs/reference/README.md §6.1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class C2OsbToeConformanceTest {
    private ScenarioOutcome s1;
    private ScenarioOutcome s2;

    @BeforeAll
    void replay() {
        s1 = ScenarioOutcome.replay("C2", "S1", "C2-S1");
        s2 = ScenarioOutcome.replay("C2", "S2", "C2-S2");
    }

    @Test
    void totalsEqualTheReference() {
        assertThat(s1.totals).isEqualTo(s1.referenceTotals);
        assertThat(s2.totals).isEqualTo(s2.referenceTotals);
    }

    @Test
    void corpusStoreEqualsTheReferenceExactly() {
        assertThat(s1.hitsTwoPlusRows).isEqualTo(534_612);
        assertThat(s1.hitsTwoPlusDiffering).as(s1.toString()).isZero();
        assertThat(s1.extraHitsTwoPlus).as(s1.toString()).isZero();
        assertThat(s1.storeTokens).isEqualTo(2_053_693L);
        assertThat(s1.bucketsDiffering).as(s1.toString()).isZero();
        assertThat(s1.storeSha256).isEqualTo("62cc8656e41b315495c508a04f191f87ffbefdedc6f9170b77e243d10bf04425");
    }

    @Test
    void onlineStoreEqualsTheReferenceExactly() {
        assertThat(s2.hitsTwoPlusRows).isEqualTo(65_573);
        assertThat(s2.hitsTwoPlusDiffering).as(s2.toString()).isZero();
        assertThat(s2.extraHitsTwoPlus).as(s2.toString()).isZero();
        assertThat(s2.bucketsDiffering).as(s2.toString()).isZero();
        assertThat(s2.storeTokens).isEqualTo(468_383L);
        assertThat(s2.storeSha256).isEqualTo("9f4c013fcac9c7ee4174fbddb38b63814b74b86ef22fb5a1f638571f12044595");
    }

    @Test
    void onlineLogMatchesTheReferenceIncludingTheTwoMessagesWithoutResult() {
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
