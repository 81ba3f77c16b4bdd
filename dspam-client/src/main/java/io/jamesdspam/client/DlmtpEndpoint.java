package io.jamesdspam.client;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a dspamd listens: a TCP host and port ({@code ServerHost}/{@code ServerPort}) or a UNIX
 * domain socket ({@code ServerDomainSocketPath}), docs/PROTOCOL.md §1.
 *
 * <p>Written as {@code host:port}, {@code [ipv6]:port}, or an absolute socket path (a leading
 * {@code /}, as dspam's own {@code ClientHost} does) optionally prefixed by {@code unix:}.
 */
public final class DlmtpEndpoint {
    private static final String UNIX_PREFIX = "unix:";

    private final Optional<String> host;
    private final int port;
    private final Optional<Path> socketPath;

    private DlmtpEndpoint(Optional<String> host, int port, Optional<Path> socketPath) {
        this.host = host;
        this.port = port;
        this.socketPath = socketPath;
    }

    public static DlmtpEndpoint tcp(String host, int port) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("Invalid dspamd host '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Invalid dspamd port " + port + " (expected 1..65535)");
        }
        return new DlmtpEndpoint(Optional.of(host), port, Optional.empty());
    }

    public static DlmtpEndpoint unixSocket(Path path) {
        Objects.requireNonNull(path, "socket path");
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("A dspamd UNIX socket path must be absolute: '" + path + "'");
        }
        return new DlmtpEndpoint(Optional.empty(), 0, Optional.of(path));
    }

    /** Parses {@code host:port}, {@code [v6]:port}, {@code /path/to/socket} or {@code unix:/path}. */
    public static DlmtpEndpoint parse(String text) {
        Objects.requireNonNull(text, "endpoint");
        String trimmed = text.trim();
        if (trimmed.startsWith(UNIX_PREFIX)) {
            return unixSocket(Paths.get(trimmed.substring(UNIX_PREFIX.length())));
        }
        if (trimmed.startsWith("/")) {
            return unixSocket(Paths.get(trimmed));
        }
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("Invalid dspamd endpoint '" + text
                + "': expected host:port or an absolute UNIX socket path");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("Invalid dspamd endpoint '" + text + "': write IPv6 hosts as [address]:port");
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid dspamd endpoint '" + text + "': the port is not a number", e);
        }
        return tcp(host, port);
    }

    public boolean isUnixSocket() {
        return socketPath.isPresent();
    }

    public Optional<String> host() {
        return host;
    }

    /** The TCP port; 0 for a UNIX socket. */
    public int port() {
        return port;
    }

    public Optional<Path> socketPath() {
        return socketPath;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DlmtpEndpoint)) {
            return false;
        }
        DlmtpEndpoint that = (DlmtpEndpoint) o;
        return port == that.port && host.equals(that.host) && socketPath.equals(that.socketPath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, socketPath);
    }

    @Override
    public String toString() {
        if (socketPath.isPresent()) {
            return UNIX_PREFIX + socketPath.get();
        }
        String h = host.orElseThrow();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }
}
