package io.jamesdspam.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class TokenPurgeLimitsTest {

    @Test
    void nothingGivenIsTheConfiguredLimits() {
        assertThat(TokenPurgeLimits.CONFIGURED.isConfigured()).isTrue();
        assertThat(new TokenPurgeLimits(OptionalInt.of(0), Optional.empty()).isConfigured()).isFalse();
        assertThat(new TokenPurgeLimits(OptionalInt.empty(), Optional.of(TokenPurgeLimits.Unused.SHIPPED)).isConfigured())
            .isFalse();
    }

    @Test
    void theFourUnusedLimitsKeepDspamCleansOrder() {
        TokenPurgeLimits.Unused unused = TokenPurgeLimits.Unused.of(List.of(60, 20, 5, 10));

        assertThat(unused.anyDays()).isEqualTo(60);
        assertThat(unused.hapaxDays()).isEqualTo(20);
        assertThat(unused.spamHitDays()).isEqualTo(5);
        assertThat(unused.innocentHitDays()).isEqualTo(10);
        assertThat(unused.asList()).containsExactly(60, 20, 5, 10);
        assertThat(unused).hasToString("60,20,5,10");
    }

    @Test
    void limitsOutsideACenturyOrOfTheWrongCountAreRefused() {
        assertThatThrownBy(() -> TokenPurgeLimits.Unused.of(List.of(60, 20, 5)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("four");
        assertThatThrownBy(() -> new TokenPurgeLimits.Unused(60, -1, 5, 10))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hapax age");
        assertThatThrownBy(() -> new TokenPurgeLimits(OptionalInt.of(36_501), Optional.empty()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neutral token age");
    }
}
