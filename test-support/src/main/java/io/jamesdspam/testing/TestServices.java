package io.jamesdspam.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Addresses of the real services tests use, from system properties or environment variables
 * with loopback defaults. {@code .ci/run} starts them; a test that needs one calls
 * {@link #requireReachable} and fails loudly (never skips) when it is missing.
 */
public final class TestServices {
    private TestServices() {
    }

    /** A service endpoint. */
    public static final class Endpoint {
        private final String name;
        private final String host;
        private final int port;

        Endpoint(String name, String host, int port) {
            this.name = name;
            this.host = host;
            this.port = port;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        @Override
        public String toString() {
            return name + " at " + host + ":" + port;
        }
    }

    /** SpamAssassin's spamd: {@code spamd.host}/{@code spamd.port} or {@code SPAMD_HOST}/{@code SPAMD_PORT}. */
    public static Endpoint spamd() {
        return endpoint("spamd", "spamd", 783);
    }

    /** MariaDB: {@code mariadb.host}/{@code mariadb.port} or {@code MARIADB_HOST}/{@code MARIADB_PORT}. */
    public static Endpoint mariadb() {
        return endpoint("MariaDB", "mariadb", 3306);
    }

    /** PostgreSQL: {@code postgres.host}/{@code postgres.port} or {@code POSTGRES_HOST}/{@code POSTGRES_PORT}. */
    public static Endpoint postgres() {
        return endpoint("PostgreSQL", "postgres", 5432);
    }

    private static Endpoint endpoint(String name, String key, int defaultPort) {
        String host = setting(key + ".host", "127.0.0.1");
        int port = Integer.parseInt(setting(key + ".port", String.valueOf(defaultPort)));
        return new Endpoint(name, host, port);
    }

    private static String setting(String property, String defaultValue) {
        String fromProperty = System.getProperty(property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty;
        }
        String fromEnv = System.getenv(property.toUpperCase().replace('.', '_'));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return defaultValue;
    }

    /** Fails with a message saying how to start the service when nothing listens there. */
    public static Endpoint requireReachable(Endpoint endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 2000);
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException(endpoint + " is not reachable (" + e.getMessage()
                + "). Start it as .ci/run does; tests that need a real service never skip.", e);
        }
    }
}
