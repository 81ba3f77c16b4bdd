package io.jamesdspam.mailet.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.engine.storage.sql.StorageSettings;

class EmbeddedStorageSettingsTest {
    private static final String CONF = "embedded.dspamConf (/etc/dspam/dspam.conf)";
    private static final DspamConf PGSQL_CONF = DspamConf.parse("StorageDriver /usr/lib/dspam/libpgsql_drv.so\n"
        + "PgSQLServer db.example.org\nPgSQLUser dspam\nPgSQLPass secret\nPgSQLDb dspam\n");

    private static Optional<SqlStoreOptions> resolved(Map<String, String> properties, Optional<DspamConf> conf) {
        return DspamConfiguration.of(properties).embeddedStorage().resolve(conf, CONF);
    }

    @Test
    void theJournalStoreIsTheDefault() {
        EmbeddedStorageSettings defaults = DspamConfiguration.defaults().embeddedStorage();

        assertThat(defaults.explicitKind()).isEmpty();
        assertThat(defaults.resolve(Optional.empty(), CONF)).isEmpty();
        assertThat(resolved(Map.of("embedded.storage", "journal"), Optional.empty())).isEmpty();
    }

    @Test
    void postgresqlWithItsUrlCredentialsAndPool() {
        SqlStoreOptions sql = resolved(Map.of("embedded.storage", "PostgreSQL",
            "embedded.sql.url", "jdbc:postgresql://db.example.org:5432/dspam", "embedded.sql.user", "james",
            "embedded.sql.password", "s3cret", "embedded.sql.poolSize", "12"), Optional.empty()).orElseThrow();

        assertThat(sql.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:5432/dspam");
        assertThat(sql.user()).isEqualTo("james");
        assertThat(sql.password()).isEqualTo("s3cret");
        assertThat(sql.poolSize()).isEqualTo(12);
    }

    @Test
    void mariadbIsAnAliasOfMysqlAndBothDriverSchemesAreAccepted() {
        Map<String, String> mariadb = Map.of("embedded.storage", "mariadb", "embedded.sql.url", "jdbc:mariadb://db/dspam");
        Map<String, String> mysql = Map.of("embedded.storage", "mysql", "embedded.sql.url", "jdbc:mysql://db/dspam");

        assertThat(DspamConfiguration.of(mariadb).embeddedStorage().explicitKind()).contains(StorageSettings.Kind.MYSQL);
        assertThat(resolved(mariadb, Optional.empty()).orElseThrow().poolSize()).isEqualTo(SqlStoreOptions.DEFAULT_POOL_SIZE);
        assertThat(resolved(mysql, Optional.empty()).orElseThrow().jdbcUrl()).isEqualTo("jdbc:mysql://db/dspam");
        assertThat(resolved(mysql, Optional.empty()).orElseThrow().user()).isNull();
    }

    @Test
    void aDspamConfNamingAnSqlDriverSelectsItsDatabase() {
        SqlStoreOptions sql = resolved(Map.of("embedded.dspamConf", "/etc/dspam/dspam.conf", "embedded.sql.poolSize", "3"),
            Optional.of(PGSQL_CONF)).orElseThrow();

        assertThat(sql.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:5432/dspam");
        assertThat(sql.user()).isEqualTo("dspam");
        assertThat(sql.password()).isEqualTo("secret");
        assertThat(sql.poolSize()).isEqualTo(3);
    }

    @Test
    void aDspamConfWithTheHashDriverChoosesNothing() {
        Optional<DspamConf> hash = Optional.of(DspamConf.parse("StorageDriver /usr/lib/dspam/libhash_drv.so\n"));

        assertThat(resolved(Map.of(), hash)).isEmpty();
        assertThat(resolved(Map.of("embedded.storage", "postgresql", "embedded.sql.url", "jdbc:postgresql://db/dspam"), hash)
            .orElseThrow().jdbcUrl()).isEqualTo("jdbc:postgresql://db/dspam");
    }

    @Test
    void bothChoosingTheStorageIsRefusedNamingBoth() {
        assertThatThrownBy(() -> resolved(Map.of("embedded.storage", "postgresql",
            "embedded.sql.url", "jdbc:postgresql://other/dspam"), Optional.of(PGSQL_CONF)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("'embedded.storage'").hasMessageContaining(CONF).hasMessageContaining("StorageDriver");
        assertThatThrownBy(() -> resolved(Map.of("embedded.storage", "journal"), Optional.of(PGSQL_CONF)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'embedded.storage'");
    }

    @Test
    void badStorageKeysInTheDspamConfAreNamedWithTheFile() {
        assertThatThrownBy(() -> resolved(Map.of(), Optional.of(DspamConf.parse("StorageDriver mysql_drv\n"))))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(CONF).hasMessageContaining("MySQLDb");
    }

    @Test
    void everyBadValueStopsJamesNamingItsKey() {
        Map<Map<String, String>, String> bad = Map.of(
            Map.of("embedded.storage", "sqlite"), "embedded.storage",
            Map.of("embedded.storage", "postgresql"), "embedded.sql.url",
            Map.of("embedded.storage", "postgresql", "embedded.sql.url", "jdbc:mariadb://db/dspam"), "embedded.sql.url",
            Map.of("embedded.storage", "mysql", "embedded.sql.url", "postgresql://db/dspam"), "embedded.sql.url",
            Map.of("embedded.storage", "mysql", "embedded.sql.url", "jdbc:mariadb://db/d", "embedded.sql.poolSize", "0"),
            "embedded.sql.poolSize",
            Map.of("embedded.sql.url", "jdbc:postgresql://db/dspam"), "embedded.sql.url",
            Map.of("embedded.storage", "journal", "embedded.sql.user", "james"), "embedded.sql.user",
            Map.of("embedded.storage", "journal", "embedded.sql.poolSize", "4"), "embedded.sql.poolSize",
            Map.of("backend", "dspamd", "dspamd.endpoints", "127.0.0.1:24", "dspamd.ident", "j", "dspamd.password", "p",
                "embedded.storage", "postgresql", "embedded.sql.url", "jdbc:postgresql://db/dspam"), "embedded.storage");
        bad.forEach((properties, key) -> assertThatThrownBy(() -> DspamConfiguration.of(properties))
            .as(properties.toString()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + key + "'"));
        assertThatThrownBy(() -> resolved(Map.of("embedded.sql.poolSize", "4"), Optional.empty()))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'embedded.sql.poolSize'");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        DspamConfiguration configuration = DspamConfiguration.of(Map.of("embedded.storage", "postgresql",
            "embedded.sql.url", "jdbc:postgresql://db/dspam", "embedded.sql.user", "james", "embedded.sql.password", "s3cret"));

        assertThat(configuration.embeddedStorage().toString()).contains("jdbc:postgresql://db/dspam").doesNotContain("s3cret");
    }
}
