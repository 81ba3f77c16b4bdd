package io.jamesdspam.mailet.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;

import io.jamesdspam.engine.storage.sql.SqlDspamStore;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.testing.TestDatabase;

/**
 * The SQL store as James loads it: the engine, the pool and the JDBC driver in one class loader
 * of their own (James's {@code extensions-jars/} loader), beside a thread context class loader
 * that sees no driver. {@code DriverManager} only hands a driver to a caller whose loader sees that
 * same class, and it never scans the extension loader's {@code META-INF/services}: the pool must
 * load the driver class by name.
 */
class ExtensionsJarsClassLoaderTest {

    private static URL locationOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theStoreOpensWithTheDriverOnlyInTheExtensionLoader(TestDatabase.Kind kind) throws Exception {
        Class<?> driver = Class.forName(kind == TestDatabase.Kind.MARIADB ? "org.mariadb.jdbc.Driver" : "org.postgresql.Driver");
        URL[] extensionJars = {locationOf(SqlDspamStore.class), locationOf(DspamUser.class), locationOf(HikariDataSource.class),
            locationOf(Logger.class), locationOf(driver)};
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (TestDatabase database = TestDatabase.create(kind, "sqlj_", "extension_loader");
             URLClassLoader extensions = new URLClassLoader(extensionJars, ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
            Class<?> options = extensions.loadClass(SqlStoreOptions.class.getName());
            Object settings = options.getMethod("withCredentials", String.class, String.class)
                .invoke(options.getMethod("of", String.class).invoke(null, database.url()), database.user(), null);
            Class<?> store = extensions.loadClass(SqlDspamStore.class.getName());
            Object opened = store.getMethod("open", options).invoke(null, settings);
            Method close = store.getMethod("close");
            close.invoke(opened);

            assertThat(store.getClassLoader()).isSameAs(extensions);
            assertThat(database.queryLong("SELECT COUNT(*) FROM dspam_token_data")).isZero();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
