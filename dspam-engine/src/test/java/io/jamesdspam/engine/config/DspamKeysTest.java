package io.jamesdspam.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DspamKeysTest {

    @Test
    void typosAreUnknownWhereThePrefixListLetThemThrough() {
        DspamConf conf = DspamConf.parse(String.join("\n",
            "TrainingMode teft",
            "trainingmode teft",
            "ServerPass.james s3cret",
            "ServerPass. nothing",
            "OptIn on",
            "dspamHome /var",
            "ClientPortt 24",
            "Processorbias on",
            "GroupConfig /etc/dspam/group"));

        assertThat(conf.unknownKeys()).containsExactly("ServerPass.", "OptIn", "dspamHome", "ClientPortt");
    }

    /** An existing installation's storage lines: read by the SQL storage, or DSPAM's own tuning, never typos. */
    @Test
    void theSqlDriversKeysAreKnown() {
        DspamConf conf = DspamConf.parse(String.join("\n",
            "StorageDriver /usr/lib/dspam/libmysql_drv.so",
            "MySQLServer /var/run/mysqld/mysqld.sock",
            "MySQLPort 3306",
            "MySQLUser dspam",
            "MySQLPass changeme",
            "MySQLDb dspam",
            "MySQLCompress true",
            "MySQLReconnect true",
            "MySQLConnectionCache 10",
            "MySQLVirtualTable dspam_virtual_uids",
            "MySQLVirtualUIDField uid",
            "MySQLVirtualUsernameField username",
            "MySQLUIDInSignature on",
            "PgSQLServer 127.0.0.1",
            "PgSQLPort 5432",
            "PgSQLUser dspam",
            "PgSQLPass changeme",
            "PgSQLDb dspam",
            "PgSQLConnectionCache 3",
            "PgSQLUIDInSignature on",
            "PgSQLVirtualTable dspam_virtual_uids",
            "MySQLServr localhost"));

        assertThat(conf.unknownKeys()).containsExactly("MySQLServr");
    }

    @Test
    void everyKeyOfTheTableIsKnownCaseInsensitively() {
        for (DspamKey key : DspamKeys.all()) {
            String written = key.isFamily() ? key.name() + "x" : key.name().toUpperCase();
            assertThat(DspamKeys.find(written)).as(written).contains(key);
        }
    }

    @Test
    void typedAccessorsNameTheKeyOnABadValue() {
        DspamConf conf = DspamConf.parse("ProcessorBias maybe\nServerPort 70000\nServerIdleTimeout soon\n");

        assertThatThrownBy(() -> conf.onOff(DspamKeys.PROCESSOR_BIAS)).hasMessageContaining("ProcessorBias")
            .hasMessageContaining("on or off");
        assertThatThrownBy(() -> conf.integer(DspamKeys.SERVER_PORT, 0, 65535)).hasMessageContaining("ServerPort")
            .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> conf.seconds(DspamKeys.SERVER_IDLE_TIMEOUT, 1, 60))
            .hasMessageContaining("ServerIdleTimeout");
    }

    @Test
    void typedAccessorsReadGoodValues() {
        DspamConf conf = DspamConf.parse("ProcessorBias OFF\nServerIdleTimeout 60\nAlgorithm graham burton\n"
            + "Algorithm chi-square\nFeature noise,whitelist\n");

        assertThat(conf.onOff(DspamKeys.PROCESSOR_BIAS)).contains(false);
        assertThat(conf.seconds(DspamKeys.SERVER_IDLE_TIMEOUT, 1, 60)).contains(Duration.ofSeconds(60));
        assertThat(conf.words(DspamKeys.ALGORITHM)).containsExactly("graham", "burton", "chi-square");
        assertThat(conf.words(DspamKeys.FEATURE)).containsExactly("noise", "whitelist");
        assertThat(conf.onOff(DspamKeys.TRAIN_PRISTINE)).isEmpty();
    }
}
