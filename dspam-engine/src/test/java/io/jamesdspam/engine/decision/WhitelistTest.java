package io.jamesdspam.engine.decision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/ENGINE-SPEC.md §7.1 examples with the default threshold 10. */
class WhitelistTest {

    @Test
    void strictlyMoreThanTheThresholdOfInnocentHits() {
        assertThat(Whitelist.isWhitelisted(0, 11, 10)).isTrue();
        assertThat(Whitelist.isWhitelisted(0, 10, 10)).isFalse();
    }

    @Test
    void atMostOneSpamHitPerFifteenInnocent() {
        assertThat(Whitelist.isWhitelisted(1, 14, 10)).isFalse();
        assertThat(Whitelist.isWhitelisted(1, 29, 10)).isTrue();
        assertThat(Whitelist.isWhitelisted(2, 29, 10)).isFalse();
    }
}
