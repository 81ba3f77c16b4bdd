package io.jamesdspam.engine.purge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.config.DspamConf;

class PurgeLimitsTest {
    @Test
    void anAbsentKeyKeepsDspamsShippedValue() {
        PurgeLimits limits = PurgeLimits.from(DspamConf.parse("PurgeNeutral 60\n"));

        assertThat(limits.signatureDays()).hasValue(14);
        assertThat(limits.neutralDays()).hasValue(60);
        assertThat(limits.unused()).contains(TokenPurgeLimits.Unused.SHIPPED);
        assertThat(PurgeLimits.from(DspamConf.empty())).isEqualTo(PurgeLimits.shipped());
    }

    @Test
    void everyKeyIsRead() {
        PurgeLimits limits = PurgeLimits.from(DspamConf.parse("PurgeSignatures 7  # stale signatures\nPurgeNeutral 0\n"
            + "PurgeUnused 120\nPurgeHapaxes 40\nPurgeHits1S 20\nPurgeHits1I 25\n"));

        assertThat(limits.signatureDays()).hasValue(7);
        assertThat(limits.neutralDays()).as("0: always").hasValue(0);
        assertThat(limits.unused()).contains(new TokenPurgeLimits.Unused(120, 40, 20, 25));
    }

    @Test
    void aZeroAmongTheFourUnusedLimitsTurnsThatPurgeOff() {
        for (String key : new String[] {"PurgeUnused", "PurgeHapaxes", "PurgeHits1S", "PurgeHits1I"}) {
            assertThat(PurgeLimits.from(DspamConf.parse(key + " 0\n")).unused()).as(key).isEqualTo(Optional.empty());
        }
    }

    @Test
    void offTurnsItsRuleOff() {
        PurgeLimits limits = PurgeLimits.from(DspamConf.parse("PurgeSignatures off\nPurgeNeutral OFF\nPurgeHits1I off\n"));

        assertThat(limits.signatureDays()).isEmpty();
        assertThat(limits.neutralDays()).isEmpty();
        assertThat(limits.unused()).isEmpty();
        assertThat(limits).hasToString("signatures off, neutral off, unused off");
        assertThat(limits.withSignatureDays(3).signatureDays()).hasValue(3);
        assertThat(limits.signatureAge()).as("a century: never").isEqualTo(Duration.ofDays(PurgeLimits.MAX_DAYS));
        assertThat(PurgeLimits.shipped().signatureAge()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> PurgeLimits.from(DspamConf.parse("PurgeHapaxes thirty\n")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PurgeHapaxes").hasMessageContaining("or off");
        assertThatThrownBy(() -> PurgeLimits.from(DspamConf.parse("PurgeNeutral -1\n")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PurgeNeutral");
        assertThatThrownBy(() -> PurgeLimits.from(DspamConf.parse("PurgeSignatures 36501\n")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PurgeSignatures");
    }

    @Test
    void unusedLimitsParseDspamCleansSpelling() {
        assertThat(PurgeLimits.parseUnused("--unused-ages", "60,20,5,10"))
            .isEqualTo(new TokenPurgeLimits.Unused(60, 20, 5, 10));
        assertThatThrownBy(() -> PurgeLimits.parseUnused("--unused-ages", "60,20,5"))
            .hasMessageContaining("--unused-ages").hasMessageContaining("ANY,HAPAX,HITS1S,HITS1I");
        assertThatThrownBy(() -> PurgeLimits.parseUnused("--unused-ages", "60,20,5,x"))
            .hasMessageContaining("--unused-ages");
        assertThatThrownBy(() -> PurgeLimits.parseUnused("--unused-ages", "60,20,5,"))
            .hasMessageContaining("--unused-ages");
    }
}
