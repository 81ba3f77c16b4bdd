package io.jamesdspam.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.jamesdspam.config.SettingValues;

class DlmtpClientConfigurationTest {

    private static Map<String, String> minimal() {
        Map<String, String> properties = new HashMap<>();
        properties.put("dspamd.endpoints", "127.0.0.1:24");
        properties.put("dspamd.ident", "james");
        properties.put("dspamd.password", "s3cret");
        return properties;
    }

    @Test
    void defaultsFromMinimalProperties() {
        DlmtpClientConfiguration configuration = DlmtpClientConfiguration.from(minimal());

        assertThat(configuration.endpoints()).containsExactly(DlmtpEndpoint.tcp("127.0.0.1", 24));
        assertThat(configuration.poolSize()).isEqualTo(4);
        assertThat(configuration.pipelining()).isTrue();
        assertThat(configuration.endMarker()).isEqualTo(DlmtpClientConfiguration.EndMarker.CLASSIFY);
        assertThat(configuration.maxIdle()).isLessThan(Duration.ofSeconds(300));
        assertThat(configuration.toString()).doesNotContain("s3cret");
    }

    @Test
    void everySetting() {
        Properties properties = new Properties();
        properties.putAll(minimal());
        properties.setProperty("dspamd.endpoints", "dspam1.example:2424, /var/run/dspam/dspam.sock,[::1]:24");
        properties.setProperty("dspamd.poolSize", "8");
        properties.setProperty("dspamd.connectTimeout", "500ms");
        properties.setProperty("dspamd.replyTimeout", "2m");
        properties.setProperty("dspamd.backoff", "PT10S");
        properties.setProperty("dspamd.maxIdle", "100");
        properties.setProperty("dspamd.pipelining", "off");
        properties.setProperty("dspamd.endMarker", "always");
        properties.setProperty("dspamd.maxResultBytes", "1048576");
        properties.setProperty("unrelated.key", "ignored");

        DlmtpClientConfiguration configuration = DlmtpClientConfiguration.from(properties);

        assertThat(configuration.endpoints()).containsExactly(DlmtpEndpoint.tcp("dspam1.example", 2424),
            DlmtpEndpoint.unixSocket(Paths.get("/var/run/dspam/dspam.sock")), DlmtpEndpoint.tcp("::1", 24));
        assertThat(configuration.poolSize()).isEqualTo(8);
        assertThat(configuration.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(configuration.replyTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(configuration.backoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(configuration.maxIdle()).isEqualTo(Duration.ofSeconds(100));
        assertThat(configuration.pipelining()).isFalse();
        assertThat(configuration.endMarker()).isEqualTo(DlmtpClientConfiguration.EndMarker.ALWAYS);
        assertThat(configuration.maxResultBytes()).isEqualTo(1048576);
        assertThat(configuration.toBuilder().build().endpoints()).isEqualTo(configuration.endpoints());
    }

    @Test
    void errorsNameTheBadKey() {
        List<Map.Entry<String, String>> bad = List.of(
            Map.entry("dspamd.endpoints", "nohostport"),
            Map.entry("dspamd.endpoints", "host:99999"),
            Map.entry("dspamd.endpoints", "relative/path.sock"),
            Map.entry("dspamd.endpoints", "a:24,a:24"),
            Map.entry("dspamd.ident", "ja mes"),
            Map.entry("dspamd.password", "pa@ss"),
            Map.entry("dspamd.password", "pa#ss"),
            Map.entry("dspamd.poolSize", "0"),
            Map.entry("dspamd.poolSize", "many"),
            Map.entry("dspamd.connectTimeout", "0s"),
            Map.entry("dspamd.replyTimeout", "soon"),
            Map.entry("dspamd.backoff", "-5s"),
            Map.entry("dspamd.pipelining", "maybe"),
            Map.entry("dspamd.endMarker", "sometimes"),
            Map.entry("dspamd.maxResultBytes", "12"),
            Map.entry("dspamd.replyTimeOut", "5s"));
        for (Map.Entry<String, String> entry : bad) {
            Map<String, String> properties = minimal();
            properties.put(entry.getKey(), entry.getValue());
            assertThatThrownBy(() -> DlmtpClientConfiguration.from(properties))
                .as("%s=%s", entry.getKey(), entry.getValue())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(entry.getKey() + ":");
        }
    }

    @Test
    void jamesFormsToo() {
        Map<String, String> properties = minimal();
        properties.put("dspamd.replyTimeout", "1d");
        properties.put("dspamd.pipelining", "yes");
        properties.put("dspamd.maxResultBytes", "64m");

        DlmtpClientConfiguration configuration = DlmtpClientConfiguration.from(properties);

        assertThat(configuration.replyTimeout()).isEqualTo(Duration.ofDays(1));
        assertThat(configuration.pipelining()).isTrue();
        assertThat(configuration.maxResultBytes()).isEqualTo(64 * 1024 * 1024);
    }

    @Test
    void valueErrorsGiveTheAcceptedForms() {
        Map<String, String> properties = minimal();
        properties.put("dspamd.pipelining", "maybe");
        assertThatThrownBy(() -> DlmtpClientConfiguration.from(properties))
            .hasMessageContaining(SettingValues.BOOLEAN_FORMS);
        properties.remove("dspamd.pipelining");
        properties.put("dspamd.maxResultBytes", "4g");
        assertThatThrownBy(() -> DlmtpClientConfiguration.from(properties))
            .hasMessageStartingWith("dspamd.maxResultBytes:").hasMessageContaining("more than");
    }

    @Test
    void requiredKeys() {
        for (String key : List.of("dspamd.endpoints", "dspamd.ident", "dspamd.password")) {
            Map<String, String> properties = minimal();
            properties.remove(key);
            assertThatThrownBy(() -> DlmtpClientConfiguration.from(properties))
                .hasMessage(key + ": required");
        }
    }

    @Test
    void endpointSpellings() {
        assertThat(DlmtpEndpoint.parse("unix:/tmp/d.sock")).isEqualTo(DlmtpEndpoint.unixSocket(Paths.get("/tmp/d.sock")));
        assertThat(DlmtpEndpoint.parse("[::1]:24").toString()).isEqualTo("[::1]:24");
        assertThat(DlmtpEndpoint.parse(" localhost:24 ").toString()).isEqualTo("localhost:24");
        assertThatThrownBy(() -> DlmtpEndpoint.parse("::1:24")).isInstanceOf(IllegalArgumentException.class);
    }
}
