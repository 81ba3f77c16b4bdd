package io.jamesdspam.engine.storage.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.config.DspamConf;

class StorageSettingsTest {

    @Test
    void mysqlDriverWithDspamsKeysIncludingTheVirtualUserNames() {
        StorageSettings settings = StorageSettings.from(DspamConf.parse(String.join("\n",
            "StorageDriver /usr/lib/x86_64-linux-gnu/dspam/libmysql_drv.so",
            "MySQLServer db.example.org", "MySQLPort 3307", "MySQLUser dspam", "MySQLPass \"s3cret word\"",
            "MySQLDb dspam", "MySQLVirtualTable dspam_aliases", "MySQLVirtualUIDField id",
            "MySQLVirtualUsernameField name")));

        assertThat(settings.kind()).isEqualTo(StorageSettings.Kind.MYSQL);
        SqlStoreOptions sql = settings.sql().orElseThrow();
        assertThat(sql.jdbcUrl()).isEqualTo("jdbc:mariadb://db.example.org:3307/dspam");
        assertThat(sql.user()).isEqualTo("dspam");
        assertThat(sql.password()).isEqualTo("s3cret word");
        assertThat(sql.virtualUsers().table()).isEqualTo("dspam_aliases");
        assertThat(sql.virtualUsers().uidColumn()).isEqualTo("id");
        assertThat(sql.virtualUsers().usernameColumn()).isEqualTo("name");
    }

    @Test
    void mysqlSocketFromEitherKey() {
        assertThat(StorageSettings.from(DspamConf.parse("StorageDriver mysql_drv\nMySQLServer /run/mysqld/mysqld.sock\n"
            + "MySQLDb dspam\n")).sql().orElseThrow().jdbcUrl())
            .isEqualTo("jdbc:mariadb://localhost/dspam?localSocket=/run/mysqld/mysqld.sock");
        assertThat(StorageSettings.from(DspamConf.parse("StorageDriver mysql_drv\nMySQLSocket /tmp/m.sock\n"
            + "MySQLDb dspam\n")).sql().orElseThrow().jdbcUrl())
            .isEqualTo("jdbc:mariadb://localhost/dspam?localSocket=/tmp/m.sock");
    }

    @Test
    void pgsqlDriverWithDefaultsAndDspamsVirtualTable() {
        SqlStoreOptions sql = StorageSettings.from(DspamConf.parse("StorageDriver libpgsql_drv.so\nPgSQLDb dspam\n"))
            .sql().orElseThrow();
        assertThat(sql.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/dspam");
        assertThat(sql.virtualUsers().table()).isEqualTo("dspam_virtual_uids");
        assertThat(sql.uidInSignature()).isFalse();
    }

    @Test
    void uidInSignatureFromEitherDriversKey() {
        assertThat(StorageSettings.from(DspamConf.parse("StorageDriver pgsql_drv\nPgSQLDb d\nPgSQLUIDInSignature on\n"))
            .sql().orElseThrow().uidInSignature()).isTrue();
        assertThat(StorageSettings.from(DspamConf.parse("StorageDriver mysql_drv\nMySQLDb d\nMySQLUIDInSignature On\n"))
            .sql().orElseThrow().uidInSignature()).isTrue();
        assertThat(StorageSettings.from(DspamConf.parse("StorageDriver mysql_drv\nMySQLDb d\nPgSQLUIDInSignature on\n"))
            .sql().orElseThrow().uidInSignature()).isFalse();
        assertThatThrownBy(() -> StorageSettings.from(DspamConf.parse("StorageDriver mysql_drv\nMySQLDb d\n"
            + "MySQLUIDInSignature yes\n"))).hasMessageContaining("MySQLUIDInSignature").hasMessageContaining("'yes'");
    }

    @Test
    void hashDriverOrNoDriverMeansTheJournalStore() {
        assertThat(StorageSettings.from(DspamConf.parse("StorageDriver /usr/lib/dspam/libhash_drv.so\n")).kind())
            .isEqualTo(StorageSettings.Kind.JOURNAL);
        assertThat(StorageSettings.from(DspamConf.empty()).sql()).isEmpty();
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> StorageSettings.from(DspamConf.parse("StorageDriver pgsql_drv\nPgSQLDb d\nPgSQLPort x\n")))
            .hasMessageContaining("PgSQLPort").hasMessageContaining("'x'");
        assertThatThrownBy(() -> StorageSettings.from(DspamConf.parse("StorageDriver mysql_drv\n")))
            .hasMessageContaining("MySQLDb");
        assertThatThrownBy(() -> StorageSettings.from(DspamConf.parse("StorageDriver mysql_drv\nMySQLDb d\n"
            + "MySQLVirtualTable users-x\n")))
            .hasMessageContaining("MySQLVirtualTable").hasMessageContaining("users-x");
        assertThatThrownBy(() -> StorageSettings.from(DspamConf.parse("StorageDriver pgsql_drv\nPgSQLDb d\n"
            + "PgSQLServer /var/run/postgresql\n")))
            .hasMessageContaining("PgSQLServer");
    }

    @Test
    void onlyADriverNoneOfTheStoresOpensIsUnsupported() {
        for (String known : new String[] {"StorageDriver /usr/lib/dspam/libmysql_drv.so\n", "StorageDriver PGSQL_DRV\n",
            "StorageDriver /usr/lib/dspam/libhash_drv.so\n", "StorageDriver   \n", "TrainingMode toe\n"}) {
            assertThat(StorageSettings.unsupportedDriver(DspamConf.parse(known))).as(known).isEmpty();
        }
        assertThat(StorageSettings.unsupportedDriver(DspamConf.parse("StorageDriver /usr/lib/dspam/libsqlite3_drv.so \n")))
            .contains("/usr/lib/dspam/libsqlite3_drv.so");
    }
}
