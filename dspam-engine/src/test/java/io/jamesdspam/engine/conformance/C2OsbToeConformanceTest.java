package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reference configuration C2 (TOE + OSB, the engine's defaults): S1 corpus training and S2 online
 * training (process, retrain by the returned signature when wrong), each followed by PUBTEST
 * classified in order from the trained state (under TOE every classification moves the store on).
 * S2 includes the two messages DSPAM's hash driver gave no result for (README §6.1).
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
    void corpusStoreMatchesTheReference() {
        assertThat(s1.hitsTwoPlusRows).isEqualTo(534_612);
        assertThat(s1.hitsTwoPlusDiffering).as(s1.toString()).isLessThanOrEqualTo(17);
        assertThat(s1.extraHitsTwoPlus).as(s1.toString()).isLessThanOrEqualTo(45);
        assertThat(s1.storeTokens).isBetween(2_053_693L - 100, 2_053_693L + 100);
        assertThat(s1.bucketsDiffering).as(s1.toString()).isLessThanOrEqualTo(78);
    }

    @Test
    void onlineStoreMatchesTheReference() {
        assertThat(s2.hitsTwoPlusRows).isEqualTo(65_573);
        assertThat(s2.hitsTwoPlusDiffering).as(s2.toString()).isLessThanOrEqualTo(5);
        assertThat(s2.extraHitsTwoPlus).as(s2.toString()).isLessThanOrEqualTo(10);
        assertThat(s2.storeTokens).isBetween(468_383L - 50, 468_383L + 50);
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
