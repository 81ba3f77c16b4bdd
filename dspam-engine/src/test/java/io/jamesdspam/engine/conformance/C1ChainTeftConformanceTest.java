package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Reference configuration C1 (TEFT + chain), scenario S1 (corpus training), replayed on the engine
 * and compared with DSPAM 3.10.2's outputs (docs/reference).
 *
 * <p>The engine reaches exact equality: the same token store (the whole-store sha256 of README
 * §4.5), the same totals and the same result, class, probability and confidence for every
 * PUBTEST message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class C1ChainTeftConformanceTest {
    private ScenarioOutcome s1;

    @BeforeAll
    void replay() {
        s1 = ScenarioOutcome.replay("C1", "S1", "C1-S1");
    }

    @Test
    void totalsEqualTheReference() {
        assertThat(s1.totals).isEqualTo(s1.referenceTotals);
    }

    @Test
    void tokenStoreEqualsTheReferenceExactly() {
        assertThat(s1.hitsTwoPlusRows).isEqualTo(189_572);
        assertThat(s1.hitsTwoPlusDiffering).as(s1.toString()).isZero();
        assertThat(s1.extraHitsTwoPlus).as(s1.toString()).isZero();
        assertThat(s1.bucketsDiffering).as(s1.toString()).isZero();
        assertThat(s1.storeTokens).isEqualTo(648_848L);
        assertThat(s1.storeSha256).isEqualTo("84cfd7085b69a00b7a18630302f4dbea2e8948f9362b22c98c50b4d9b8092164");
    }

    @Test
    void pubtestResultsMatchTheReference() {
        assertThat(s1.pubtest.messages).isEqualTo(1418);
        assertThat(s1.pubtest.sameClass).as(s1.pubtest.differences.toString()).isEqualTo(1418);
        assertThat(s1.pubtest.sameProbability).as(s1.pubtest.differences.toString()).isEqualTo(1418);
        assertThat(s1.pubtest.sameConfidence).as(s1.pubtest.differences.toString()).isEqualTo(1418);
    }
}
