package io.jamesdspam.engine.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.config.DspamKeys;
import io.jamesdspam.engine.preference.KnownPreference;
import io.jamesdspam.engine.preference.PreferencePolicy;
import io.jamesdspam.protocol.ProcessModeException;
import io.jamesdspam.protocol.ProcessModeParser;

/**
 * Everything the DLMTP server needs, read once from a dspam.conf with DSPAM's own key names so
 * that an operator's existing file mostly just works (docs/PROTOCOL.md §13):
 * <ul>
 *   <li>{@code ServerMode} — {@code dspam} (default: authenticated DLMTP, options chosen by the
 *       client), {@code standard} (plain LMTP without authentication, options from
 *       {@code ServerParameters}) or {@code auto} (DLMTP when the LHLO argument is an ident with a
 *       {@code ServerPass}, standard otherwise), as dspamd (docs/PROTOCOL.md §2);</li>
 *   <li>{@code ServerHost}/{@code ServerPort} (default all interfaces / 24) or
 *       {@code ServerDomainSocketPath} (then no TCP listener, as dspamd);</li>
 *   <li>{@code ServerPass.<ident>} passwords, {@code ServerIdent} (LHLO reply),
 *       {@code ServerQueueSize} (listen backlog, default 32);</li>
 *   <li>{@code MaxMessageSize} — larger messages are read to their end but not buffered and not
 *       classified, as dspamd answers them (transcript 34); unset in DSPAM means unlimited, here
 *       it defaults to {@value #DEFAULT_MAX_MESSAGE_SIZE} bytes so that memory stays bounded;</li>
 *   <li>{@code ImprobabilityDrive}, {@code ClassAliasSpam}/{@code ClassAliasNonspam},
 *       {@code Preference "spamAction=..."} — as dspamd uses them for its answers.</li>
 * </ul>
 * Extras of this server (not in DSPAM), all optional:
 * {@code ServerMaxConnections} (default 64; further connections get {@code 421} and are closed),
 * {@code ServerIdleTimeout} and {@code ServerDataTimeout} (seconds, default 300 each as dspamd),
 * {@code ServerMaxLineLength} (bytes of a command line, default 65536),
 * {@code ServerAuthFailureDelay} (seconds before closing after the 3rd failed authentication,
 * default 5 as dspamd), {@code ServerAuthFailureLimit} and {@code ServerAuthLockout} (failed
 * authentications in a row from one TCP address, default 10, 0 = off, before that address is
 * refused for the lockout, seconds, default 60, doubling with each further lockout up to an hour:
 * {@link AuthenticationThrottle}), {@code ServerShutdownTimeout} (seconds to let transactions finish on
 * close, default 30). The keys are those of {@link DspamKeys}, shared with the engine and the
 * tools; unknown keys are logged, not fatal; a bad value of a key this server uses is an
 * {@link IllegalArgumentException} naming the key.
 */
public final class DlmtpServerSettings {
    public static final int DEFAULT_PORT = 24;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 32 * 1024 * 1024;
    public static final String DEFAULT_VERSION = "3.10.2";

    /** dspamd's {@code ServerMode}. */
    public enum ServerMode { DSPAM, STANDARD, AUTO }

    private final ServerMode mode;
    private final Optional<String> serverParameters;
    private final Optional<String> host;
    private final int port;
    private final Optional<Path> domainSocketPath;
    private final Map<String, String> passwords;
    private final String serverIdent;
    private final String version;
    private final int queueSize;
    private final long maxMessageSize;
    private final int maxConnections;
    private final int maxLineLength;
    private final Duration idleTimeout;
    private final Duration dataTimeout;
    private final Duration authFailureDelay;
    private final int authFailureLimit;
    private final Duration authLockout;
    private final Duration shutdownTimeout;
    private final boolean improbabilityDrive;
    private final boolean spamActionDelivers;
    private final Set<String> spamAliases;
    private final Set<String> innocentAliases;

    private DlmtpServerSettings(Builder builder) {
        this.mode = builder.mode;
        this.serverParameters = builder.serverParameters;
        this.host = builder.host;
        this.port = builder.port;
        this.domainSocketPath = builder.domainSocketPath;
        this.passwords = Map.copyOf(builder.passwords);
        this.serverIdent = builder.serverIdent;
        this.version = builder.version;
        this.queueSize = builder.queueSize;
        this.maxMessageSize = builder.maxMessageSize;
        this.maxConnections = builder.maxConnections;
        this.maxLineLength = builder.maxLineLength;
        this.idleTimeout = builder.idleTimeout;
        this.dataTimeout = builder.dataTimeout;
        this.authFailureDelay = builder.authFailureDelay;
        this.authFailureLimit = builder.authFailureLimit;
        this.authLockout = builder.authLockout;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.improbabilityDrive = builder.improbabilityDrive;
        this.spamActionDelivers = builder.spamActionDelivers;
        this.spamAliases = Set.copyOf(builder.spamAliases);
        this.innocentAliases = Set.copyOf(builder.innocentAliases);
        if (passwords.isEmpty() && mode == ServerMode.DSPAM) {
            throw new IllegalArgumentException("ServerPass.<ident>: at least one client password is needed"
                + " (ServerMode dspam authenticates every transaction)");
        }
        serverParameters.ifPresent(DlmtpServerSettings::checkServerParameters);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads the server's keys of a dspam.conf (see the class comment); unknown keys are warned about once. */
    public static DlmtpServerSettings from(DspamConf conf) {
        conf.warnUnknownKeys();
        Builder builder = new Builder();
        conf.value(DspamKeys.SERVER_MODE, DlmtpServerSettings::serverMode).ifPresent(builder::mode);
        conf.nonBlank(DspamKeys.SERVER_PARAMETERS).ifPresent(builder::serverParameters);
        conf.nonBlank(DspamKeys.SERVER_HOST).ifPresent(builder::host);
        conf.integer(DspamKeys.SERVER_PORT, 0, 65535).ifPresent(builder::port);
        conf.path(DspamKeys.SERVER_DOMAIN_SOCKET_PATH).ifPresent(builder::domainSocketPath);
        conf.family(DspamKeys.SERVER_PASS).forEach((key, password) -> {
            if (password.isEmpty()) {
                throw new IllegalArgumentException(key + ": an ident and a non-empty password are needed");
            }
            builder.password(key.substring(DspamKeys.SERVER_PASS.name().length()), password);
        });
        conf.text(DspamKeys.SERVER_IDENT).ifPresent(builder::serverIdent);
        conf.text(DspamKeys.SERVER_VERSION).ifPresent(builder::version);
        conf.integer(DspamKeys.SERVER_QUEUE_SIZE, 1, 65535).ifPresent(builder::queueSize);
        conf.integer(DspamKeys.MAX_MESSAGE_SIZE, 1, Integer.MAX_VALUE).ifPresent(builder::maxMessageSize);
        conf.integer(DspamKeys.SERVER_MAX_CONNECTIONS, 1, 100_000).ifPresent(builder::maxConnections);
        conf.integer(DspamKeys.SERVER_MAX_LINE_LENGTH, 1024, 16 * 1024 * 1024).ifPresent(builder::maxLineLength);
        conf.seconds(DspamKeys.SERVER_IDLE_TIMEOUT, 1, 86_400).ifPresent(builder::idleTimeout);
        conf.seconds(DspamKeys.SERVER_DATA_TIMEOUT, 1, 86_400).ifPresent(builder::dataTimeout);
        conf.seconds(DspamKeys.SERVER_AUTH_FAILURE_DELAY, 0, 3600).ifPresent(builder::authFailureDelay);
        conf.integer(DspamKeys.SERVER_AUTH_FAILURE_LIMIT, 0, 1_000_000).ifPresent(builder::authFailureLimit);
        conf.seconds(DspamKeys.SERVER_AUTH_LOCKOUT, 1, 86_400).ifPresent(builder::authLockout);
        conf.seconds(DspamKeys.SERVER_SHUTDOWN_TIMEOUT, 1, 86_400).ifPresent(builder::shutdownTimeout);
        conf.onOff(DspamKeys.IMPROBABILITY_DRIVE).ifPresent(builder::improbabilityDrive);
        String spamAction = PreferencePolicy.from(conf).configured()
            .get(KnownPreference.SPAM_ACTION.spelling()).orElse("quarantine");
        KnownPreference.SPAM_ACTION.check(spamAction);
        builder.spamActionDelivers(!spamAction.equalsIgnoreCase("quarantine"));
        builder.spamAliases.addAll(conf.words(DspamKeys.CLASS_ALIAS_SPAM));
        builder.innocentAliases.addAll(conf.words(DspamKeys.CLASS_ALIAS_NONSPAM));
        return builder.build();
    }

    private static ServerMode serverMode(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "dspam":
                return ServerMode.DSPAM;
            case "standard":
                return ServerMode.STANDARD;
            case "auto":
                return ServerMode.AUTO;
            default:
                throw new IllegalArgumentException("ServerMode: '" + value + "' is not one of dspam, standard, auto");
        }
    }

    /** Parsed once at start so that a bad value is a configuration error, not a failure per session. */
    private static void checkServerParameters(String value) {
        try {
            ProcessModeParser.standard().parse(value);
        } catch (ProcessModeException e) {
            throw new IllegalArgumentException("ServerParameters: '" + value + "' " + e.getMessage(), e);
        }
    }

    public ServerMode mode() {
        return mode;
    }

    /** The options of plain-LMTP sessions (standard and auto mode), as dspamd's {@code ServerParameters}. */
    public Optional<String> serverParameters() {
        return serverParameters;
    }

    public Optional<String> host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** When present the server listens on this UNIX socket only (no TCP), as dspamd. */
    public Optional<Path> domainSocketPath() {
        return domainSocketPath;
    }

    /** The password of an ident (idents are case-insensitive like every dspam.conf attribute name). */
    public Optional<String> password(String ident) {
        return Optional.ofNullable(passwords.get(ident.toLowerCase(Locale.ROOT)));
    }

    public String serverIdent() {
        return serverIdent;
    }

    /** The version word of the banner ({@code 220 DSPAM DLMTP <version> Authentication Required}). */
    public String version() {
        return version;
    }

    public int queueSize() {
        return queueSize;
    }

    public long maxMessageSize() {
        return maxMessageSize;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int maxLineLength() {
        return maxLineLength;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration dataTimeout() {
        return dataTimeout;
    }

    public Duration authFailureDelay() {
        return authFailureDelay;
    }

    /** Failed authentications in a row from one TCP address before it is locked out; 0 = never. */
    public int authFailureLimit() {
        return authFailureLimit;
    }

    /** The first lockout of an address; each further one doubles, up to an hour. */
    public Duration authLockout() {
        return authLockout;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    public boolean improbabilityDrive() {
        return improbabilityDrive;
    }

    /** Whether spam counts as delivered without the {@code spam} deliver flag ({@code spamAction} tag/deliver). */
    public boolean spamActionDelivers() {
        return spamActionDelivers;
    }

    public Set<String> spamAliases() {
        return spamAliases;
    }

    public Set<String> innocentAliases() {
        return innocentAliases;
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.mode = mode;
        builder.serverParameters = serverParameters;
        builder.host = host;
        builder.port = port;
        builder.domainSocketPath = domainSocketPath;
        builder.passwords.putAll(passwords);
        builder.serverIdent = serverIdent;
        builder.version = version;
        builder.queueSize = queueSize;
        builder.maxMessageSize = maxMessageSize;
        builder.maxConnections = maxConnections;
        builder.maxLineLength = maxLineLength;
        builder.idleTimeout = idleTimeout;
        builder.dataTimeout = dataTimeout;
        builder.authFailureDelay = authFailureDelay;
        builder.authFailureLimit = authFailureLimit;
        builder.authLockout = authLockout;
        builder.shutdownTimeout = shutdownTimeout;
        builder.improbabilityDrive = improbabilityDrive;
        builder.spamActionDelivers = spamActionDelivers;
        builder.spamAliases.addAll(spamAliases);
        builder.innocentAliases.addAll(innocentAliases);
        return builder;
    }

    @Override
    public String toString() {
        return "DlmtpServerSettings{" + mode + ", " + domainSocketPath.map(p -> "unix:" + p)
            .orElse(host.orElse("*") + ":" + port) + ", idents=" + passwords.keySet() + ", ident=" + serverIdent
            + ", maxConnections=" + maxConnections + ", maxMessageSize=" + maxMessageSize + "}";
    }

    public static final class Builder {
        private ServerMode mode = ServerMode.DSPAM;
        private Optional<String> serverParameters = Optional.empty();
        private Optional<String> host = Optional.empty();
        private int port = DEFAULT_PORT;
        private Optional<Path> domainSocketPath = Optional.empty();
        private final Map<String, String> passwords = new LinkedHashMap<>();
        private String serverIdent = "localhost.localdomain";
        private String version = DEFAULT_VERSION;
        private int queueSize = 32;
        private long maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private int maxConnections = 64;
        private int maxLineLength = 64 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(300);
        private Duration dataTimeout = Duration.ofSeconds(300);
        private Duration authFailureDelay = Duration.ofSeconds(5);
        private int authFailureLimit = 10;
        private Duration authLockout = Duration.ofSeconds(60);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private boolean improbabilityDrive;
        private boolean spamActionDelivers;
        private final Set<String> spamAliases = new LinkedHashSet<>();
        private final Set<String> innocentAliases = new LinkedHashSet<>();

        public Builder mode(ServerMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder serverParameters(String serverParameters) {
            this.serverParameters = Optional.of(serverParameters);
            return this;
        }

        public Builder host(String host) {
            this.host = Optional.of(host);
            return this;
        }

        /** 0 picks a free port (embedded use, tests); read it back from {@link DlmtpServer#tcpAddress()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder domainSocketPath(Path path) {
            this.domainSocketPath = Optional.of(path);
            return this;
        }

        public Builder password(String ident, String password) {
            this.passwords.put(ident.toLowerCase(Locale.ROOT), Objects.requireNonNull(password, "password"));
            return this;
        }

        public Builder serverIdent(String serverIdent) {
            this.serverIdent = serverIdent;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder queueSize(int queueSize) {
            this.queueSize = queueSize;
            return this;
        }

        public Builder maxMessageSize(long maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder maxLineLength(int maxLineLength) {
            this.maxLineLength = maxLineLength;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder dataTimeout(Duration dataTimeout) {
            this.dataTimeout = dataTimeout;
            return this;
        }

        public Builder authFailureDelay(Duration authFailureDelay) {
            this.authFailureDelay = authFailureDelay;
            return this;
        }

        public Builder authFailureLimit(int authFailureLimit) {
            if (authFailureLimit < 0) {
                throw new IllegalArgumentException("ServerAuthFailureLimit must not be negative: " + authFailureLimit);
            }
            this.authFailureLimit = authFailureLimit;
            return this;
        }

        public Builder authLockout(Duration authLockout) {
            if (authLockout.isNegative() || authLockout.isZero()) {
                throw new IllegalArgumentException("ServerAuthLockout must be positive: " + authLockout);
            }
            this.authLockout = authLockout;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder improbabilityDrive(boolean improbabilityDrive) {
            this.improbabilityDrive = improbabilityDrive;
            return this;
        }

        public Builder spamActionDelivers(boolean spamActionDelivers) {
            this.spamActionDelivers = spamActionDelivers;
            return this;
        }

        public Builder classAliases(Set<String> spam, Set<String> innocent) {
            this.spamAliases.addAll(spam);
            this.innocentAliases.addAll(innocent);
            return this;
        }

        public DlmtpServerSettings build() {
            return new DlmtpServerSettings(this);
        }
    }
}
