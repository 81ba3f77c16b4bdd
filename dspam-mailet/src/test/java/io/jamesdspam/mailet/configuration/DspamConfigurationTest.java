package io.jamesdspam.mailet.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.convert.DefaultListDelimiterHandler;
import org.junit.jupiter.api.Test;

import io.jamesdspam.mailet.user.DspamUserMapping;

class DspamConfigurationTest {
    @Test
    void defaultsAreThoseOfTheSeedWhereItHasOne() {
        DspamConfiguration defaults = DspamConfiguration.defaults();

        assertThat(defaults.backendType()).isEqualTo(BackendType.EMBEDDED);
        assertThat(defaults.embeddedDirectory()).isEqualTo("var/dspam");
        assertThat(defaults.userMapping().mode()).isEqualTo(DspamUserMapping.Mode.RECIPIENT);
        assertThat(defaults.dspamdClient()).isEmpty();
        assertThat(defaults.embeddedDspamConf()).isEmpty();
        assertThat(defaults.perMailetDefaults()).isEmpty();
        assertThat(defaults.embeddedLoadedUsers()).isEmpty();
        assertThat(defaults.embeddedCacheSize()).isEmpty();
        assertThat(defaults.embeddedChangedRowsSize()).isEmpty();
        assertThat(defaults.embeddedBackgroundCompaction()).isTrue();
    }

    @Test
    void readsTheEmbeddedStoresMemorySettings() {
        DspamConfiguration configuration = DspamConfiguration.of(Map.of("embedded.loadedUsers", "250",
            "embedded.cacheSize", "64M", "embedded.changedRowsSize", "96M"));

        assertThat(configuration.embeddedLoadedUsers()).contains(250);
        assertThat(configuration.embeddedCacheSize()).contains(64L * 1024 * 1024);
        assertThat(configuration.embeddedChangedRowsSize()).contains(96L * 1024 * 1024);
        assertThat(DspamConfiguration.of(Map.of("embedded.cacheSize", "0")).embeddedCacheSize()).contains(0L);
        assertThat(DspamConfiguration.of(Map.of("embedded.backgroundCompaction", "false")).embeddedBackgroundCompaction())
            .isFalse();
    }

    @Test
    void readsDspamProperties() {
        PropertiesConfiguration properties = new PropertiesConfiguration();
        properties.setListDelimiterHandler(new DefaultListDelimiterHandler(','));
        properties.addProperty("backend", "dspamd");
        properties.addProperty("dspamd.endpoints", "127.0.0.1:2424,127.0.0.1:2425");
        properties.addProperty("dspamd.ident", "james");
        properties.addProperty("dspamd.password", "secret");
        properties.addProperty("userMapping", "fixed:shared");
        properties.addProperty("mode", "classify");
        properties.addProperty("maxSize", "1000");
        properties.addProperty("timeout", "750ms");
        properties.addProperty("autolearn", "spamassassin,dnsrbl");
        properties.addProperty("autolearn.learnSpam", "10");
        properties.addProperty("reject", "0.95");
        properties.addProperty("rejectType", "temp");

        DspamConfiguration configuration = DspamConfiguration.from(properties);

        assertThat(configuration.backendType()).isEqualTo(BackendType.DSPAMD);
        assertThat(configuration.dspamdClient().orElseThrow().endpoints()).hasSize(2);
        assertThat(configuration.dspamdClient().orElseThrow().ident()).isEqualTo("james");
        assertThat(configuration.userMapping().toString()).isEqualTo("fixed:shared");
        assertThat(configuration.perMailetDefaults()).containsOnlyKeys("mode", "maxSize", "timeout", "autolearn",
            "autolearn.learnSpam", "reject", "rejectType");
        DspamSettings mailet = DspamSettings.from(configuration, Map.of());
        assertThat(mailet.classifier().mode()).isEqualTo(ClassificationMode.CLASSIFY);
        assertThat(mailet.classifier().maxSize()).isEqualTo(1000);
        assertThat(mailet.timeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(mailet.autolearn().sourceNames()).containsExactly("dnsrbl", "spamassassin");
        RejectHookSettings hook = RejectHookSettings.from(configuration, Map.of());
        assertThat(hook.rejectPolicy().minimumConfidence()).contains(0.95);
        assertThat(hook.rejectType()).isEqualTo(RejectType.TEMP);
    }

    @Test
    void everyErrorNamesItsKey() {
        Map<String, String> bad = Map.of(
            "backend", "sqlite",
            "mode", "learn",
            "maxSize", "-1",
            "skipAuthenticated", "maybe",
            "timeout", "0s",
            "autolearn", "karma",
            "reject", "1.5",
            "rejectType", "bounce",
            "userMapping", "group",
            "spamMailboxes", " , ");
        Map<String, String> badGuard = Map.of(
            "backend.threads", "0",
            "breaker.enabled", "sometimes",
            "breaker.failures", "none",
            "breaker.openFor", "-5s",
            "breaker.slowCall", "soon");
        badGuard.forEach((key, value) -> assertThatThrownBy(() -> DspamConfiguration.of(Map.of(key, value)))
            .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + key + "'"));
        Map<String, String> badStore = Map.of(
            "embedded.loadedUsers", "0",
            "embedded.cacheSize", "lots",
            "embedded.changedRowsSize", "-1M",
            "embedded.backgroundCompaction", "later");
        badStore.forEach((key, value) -> assertThatThrownBy(() -> DspamConfiguration.of(Map.of(key, value)))
            .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + key + "'"));
        bad.forEach((key, value) -> assertThatThrownBy(() -> DspamConfiguration.of(Map.of(key, value)))
            .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + key + "'"));
    }

    @Test
    void theListenerLearnsInTheBackgroundUnlessToldInline() {
        assertThat(DspamConfiguration.defaults().listenerMode()).isEqualTo(RetrainListenerMode.BACKGROUND);
        assertThat(DspamConfiguration.of(Map.of("listener.mode", "Inline")).listenerMode()).isEqualTo(RetrainListenerMode.INLINE);
        assertThat(DspamConfiguration.of(Map.of("listener.mode", "background")).listenerMode())
            .isEqualTo(RetrainListenerMode.BACKGROUND);
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("listener.mode", "sync")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'listener.mode'");
    }

    @Test
    void theBackendGuardIsSharedAndConfigurable() {
        BackendGuardSettings defaults = DspamConfiguration.defaults().backendGuard();
        assertThat(defaults.threads()).isEqualTo(32);
        assertThat(defaults.breakerEnabled()).isTrue();
        assertThat(defaults.breakerFailures()).isEqualTo(3);
        assertThat(defaults.breakerOpenFor()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.breakerSlowCall()).isEqualTo(Duration.ofSeconds(5));

        BackendGuardSettings set = DspamConfiguration.of(Map.of("backend.threads", "4", "breaker.enabled", "false",
            "breaker.failures", "5", "breaker.openFor", "2m", "breaker.slowCall", "1s")).backendGuard();
        assertThat(set.threads()).isEqualTo(4);
        assertThat(set.breakerEnabled()).isFalse();
        assertThat(set.breakerFailures()).isEqualTo(5);
        assertThat(set.breakerOpenFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(set.breakerSlowCall()).isEqualTo(Duration.ofSeconds(1));

        assertThatThrownBy(() -> DspamSettings.from(DspamConfiguration.defaults(), Map.of("breaker.failures", "1")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shared by every DSPAM component");
    }

    @Test
    void anUnknownKeyIsNamed() {
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("maxsize", "10")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'maxsize'");
    }

    @Test
    void dspamdSettingsAreCheckedWhenDspamdIsTheBackend() {
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("backend", "dspamd")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dspamd.endpoints");
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("backend", "dspamd", "dspamd.endpoints", "h:1",
            "dspamd.ident", "i", "dspamd.password", "p", "dspamd.poolsize", "3")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dspamd.poolsize");
    }

    @Test
    void inconsistentLearningThresholdsAreRefused() {
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("autolearn.learnSpam", "0.05")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autolearn.learnSpam");
    }

    @Test
    void rejectAcceptsThePluginsSpellings() {
        assertThat(RejectPolicy.parse("0").kind()).isEqualTo(RejectPolicy.Kind.OFF);
        assertThat(RejectPolicy.parse("agree").kind()).isEqualTo(RejectPolicy.Kind.AGREE);
        assertThat(RejectPolicy.parse("1").minimumConfidence()).contains(1.0);
        assertThat(RejectType.parse("hard")).isEqualTo(RejectType.PERM);
        assertThat(RejectType.parse("soft")).isEqualTo(RejectType.TEMP);
        assertThat(RejectType.parse("temp_disconnect").disconnects()).isTrue();
    }

    @Test
    void spamAndTrashMailboxesAreSharedSettings() {
        DspamConfiguration configuration = DspamConfiguration.of(Map.of("spamMailboxes", "Pourriel, Junk",
            "trashMailboxes", "Corbeille"));

        assertThat(configuration.specialMailboxes().spamNames()).containsExactly("pourriel", "junk");
        assertThat(configuration.specialMailboxes().trashNames()).containsExactly("corbeille");
        assertThat(DspamConfiguration.defaults().specialMailboxes().spamNames()).containsExactly("spam", "junk");
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("spamMailboxes", " , ")))
            .hasMessageContaining("spamMailboxes");
    }

    @Test
    void webAdminBodyLimitsAreReadInJamesSizeForms() {
        DspamConfiguration configuration = DspamConfiguration.of(Map.of("webadmin.maxMessageSize", "2m",
            "webadmin.maxCorpusSize", "1g"));

        assertThat(configuration.webAdminMaxMessageSize()).contains(2L * 1024 * 1024);
        assertThat(configuration.webAdminMaxCorpusSize()).contains(1024L * 1024 * 1024);
        assertThat(DspamConfiguration.defaults().webAdminMaxMessageSize()).isEmpty();
        assertThat(DspamConfiguration.defaults().webAdminMaxCorpusSize()).isEmpty();
    }

    @Test
    void aBadWebAdminBodyLimitIsNamed() {
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("webadmin.maxMessageSize", "lots")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'webadmin.maxMessageSize' = 'lots'");
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("webadmin.maxCorpusSize", "0")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'webadmin.maxCorpusSize'")
            .hasMessageContaining("must be positive");
        assertThatThrownBy(() -> DspamConfiguration.of(Map.of("webadmin.maxmessagesize", "1m")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'webadmin.maxmessagesize'");
    }
}
