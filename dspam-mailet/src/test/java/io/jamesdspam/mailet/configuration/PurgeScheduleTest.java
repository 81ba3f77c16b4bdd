package io.jamesdspam.mailet.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PurgeScheduleTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void unsetPurgesThePluginsOwnJournalStoreAndNoDatabase() {
        assertThat(PurgeSchedule.unset().timeFor(false)).contains(PurgeSchedule.DEFAULT_TIME);
        assertThat(PurgeSchedule.unset().timeFor(true)).isEmpty();
        assertThat(DspamConfiguration.defaults().purgeSchedule().timeFor(false)).contains(LocalTime.of(4, 0));
    }

    @Test
    void aTimeOrOffAppliesToEveryStore() {
        assertThat(PurgeSchedule.parse("2:30").timeFor(true)).contains(LocalTime.of(2, 30));
        assertThat(PurgeSchedule.parse(" 23:05 ").timeFor(false)).contains(LocalTime.of(23, 5));
        assertThat(PurgeSchedule.parse("OFF").timeFor(false)).isEmpty();
        assertThat(PurgeSchedule.parse("off").asksForPurge()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"24:00", "4pm", "04", "04:00:30", "nightly", "-1:00"})
    void anythingElseStopsJamesNamingTheKey(String value) {
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("purge.daily", value)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'purge.daily' = '" + value + "'")
            .hasMessageContaining("04:00");
    }

    @Test
    void aDspamdIsNotPurgedByJames() {
        Map<String, String> dspamd = Map.of("backend", "dspamd", "dspamd.endpoints", "127.0.0.1:2424", "dspamd.ident", "james",
            "dspamd.password", "secret");
        assertThat(DspamConfiguration.of(dspamd).purgeSchedule().asksForPurge()).isFalse();
        assertThat(DspamConfiguration.of(with(dspamd, "off")).purgeSchedule().asksForPurge()).isFalse();
        assertThatThrownBy(() -> DspamConfiguration.of(with(dspamd, "03:00")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'purge.daily'")
            .hasMessageContaining("dspam_clean");
    }

    private static Map<String, String> with(Map<String, String> settings, String purgeDaily) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("purge.daily", purgeDaily);
        return all;
    }

    @Test
    void theNextRunIsTodayWhenItsTimeIsStillToComeElseTomorrow() {
        ZonedDateTime morning = ZonedDateTime.of(LocalDateTime.of(2026, 12, 8, 3, 59, 59), PARIS);
        LocalTime four = LocalTime.of(4, 0);

        assertThat(PurgeSchedule.nextRun(morning, four)).isEqualTo(ZonedDateTime.of(LocalDateTime.of(2026, 12, 8, 4, 0), PARIS));
        assertThat(PurgeSchedule.nextRun(morning.plusSeconds(1), four))
            .as("at the time itself: tomorrow, so that a run does not schedule itself again")
            .isEqualTo(ZonedDateTime.of(LocalDateTime.of(2026, 12, 9, 4, 0), PARIS));
        assertThat(PurgeSchedule.nextRun(morning.plusHours(12), four))
            .isEqualTo(ZonedDateTime.of(LocalDateTime.of(2026, 12, 9, 4, 0), PARIS));
    }

    @Test
    void daylightSavingChangesMoveTheRunNotSkipIt() {
        // 2027-03-28 in Paris: 02:00 does not exist (clocks go to 03:00)
        ZonedDateTime evening = ZonedDateTime.of(LocalDateTime.of(2027, 3, 27, 22, 0), PARIS);
        ZonedDateTime next = PurgeSchedule.nextRun(evening, LocalTime.of(2, 30));

        assertThat(next.toLocalDate()).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(next.toLocalTime()).isEqualTo(LocalTime.of(3, 30));
        // 2027-10-31: 02:30 happens twice; one run
        ZonedDateTime autumn = PurgeSchedule.nextRun(ZonedDateTime.of(LocalDateTime.of(2027, 10, 30, 22, 0), PARIS),
            LocalTime.of(2, 30));
        assertThat(PurgeSchedule.nextRun(autumn, LocalTime.of(2, 30)).toLocalDate())
            .isEqualTo(LocalDate.of(2027, 11, 1));
    }
}
