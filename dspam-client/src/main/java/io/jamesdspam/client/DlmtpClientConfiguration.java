package io.jamesdspam.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.jamesdspam.config.SettingValues;

/**
 * Everything the DLMTP client needs, validated once: where dspamd listens, the credentials of
 * {@code ServerPass.<ident>}, and how connections are pooled, timed and failed over.
 *
 * <p>Read from properties by {@link #from(Map)} / {@link #from(Properties)}; only keys starting
 * with {@value #PREFIX} are looked at, and an unknown one is an error (a typo would otherwise
 * silently fall back to a default):
 * <pre>
 * dspamd.endpoints      = 127.0.0.1:24, /var/run/dspam/dspam.sock   (required; tried in order)
 * dspamd.ident          = james                                      (required)
 * dspamd.password       = longrandompassword                        (required)
 * dspamd.poolSize       = 4        connections open at most, over all endpoints; a request waits
 *                                  at most replyTimeout for one to be free
 * dspamd.connectTimeout = 5s
 * dspamd.replyTimeout   = 60s      longest silence accepted while waiting for any reply
 * dspamd.backoff        = 30s      how long a failed endpoint is skipped
 * dspamd.maxIdle        = 240s     pooled connections older than this are not reused (dspamd drops idle ones at 300 s)
 * dspamd.pipelining     = true     send MAIL FROM, RCPT TO and DATA together
 * dspamd.endMarker      = classify classify | always | never: when to pipeline a NOOP after the message
 * dspamd.maxResultBytes = 134217728  largest result (returned message) accepted
 * </pre>
 * Durations, sizes and on/off values take the forms of {@link SettingValues} ({@code 500ms}, {@code 5s},
 * {@code 2m}, a number of seconds, ISO-8601 {@code PT5S}; {@code 128m}; {@code true}, {@code yes}, {@code on}).
 */
public final class DlmtpClientConfiguration {
    public static final String PREFIX = "dspamd.";
    public static final String ENDPOINTS = PREFIX + "endpoints";
    public static final String IDENT = PREFIX + "ident";
    public static final String PASSWORD = PREFIX + "password";
    public static final String POOL_SIZE = PREFIX + "poolSize";
    public static final String CONNECT_TIMEOUT = PREFIX + "connectTimeout";
    public static final String REPLY_TIMEOUT = PREFIX + "replyTimeout";
    public static final String BACKOFF = PREFIX + "backoff";
    public static final String MAX_IDLE = PREFIX + "maxIdle";
    public static final String PIPELINING = PREFIX + "pipelining";
    public static final String END_MARKER = PREFIX + "endMarker";
    public static final String MAX_RESULT_BYTES = PREFIX + "maxResultBytes";

    private static final Set<String> KEYS = Set.of(ENDPOINTS, IDENT, PASSWORD, POOL_SIZE, CONNECT_TIMEOUT,
        REPLY_TIMEOUT, BACKOFF, MAX_IDLE, PIPELINING, END_MARKER, MAX_RESULT_BYTES);
    private static final int MAX_POOL_SIZE = 1024;

    /**
     * When to pipeline a {@code NOOP} after the message (docs/PROTOCOL.md §6.5). Upstream dspamd 3.10.2
     * sends nothing at all when {@code --classify} fails for every user; the NOOP's
     * {@code 503 5.0.0 Need MAIL FROM here.} then marks the end of the answer instead of a timeout.
     * Every other silent failure is still delimited (a {@code .} or one LMTP reply per user).
     */
    public enum EndMarker {
        /** Only after {@code --classify} transactions, the one case that needs it. */
        CLASSIFY,
        /** After every transaction. */
        ALWAYS,
        /** Never (a dspamd known to answer every transaction, e.g. the ensc fork). */
        NEVER;

        static EndMarker parse(String value) {
            for (EndMarker marker : values()) {
                if (marker.name().equalsIgnoreCase(value.trim())) {
                    return marker;
                }
            }
            throw new IllegalArgumentException("expected classify, always or never, got '" + value + "'");
        }
    }

    private final List<DlmtpEndpoint> endpoints;
    private final String ident;
    private final String password;
    private final int poolSize;
    private final Duration connectTimeout;
    private final Duration replyTimeout;
    private final Duration backoff;
    private final Duration maxIdle;
    private final boolean pipelining;
    private final EndMarker endMarker;
    private final int maxResultBytes;

    private DlmtpClientConfiguration(Builder builder) {
        this.endpoints = List.copyOf(builder.endpoints);
        this.ident = builder.ident;
        this.password = builder.password;
        this.poolSize = builder.poolSize;
        this.connectTimeout = builder.connectTimeout;
        this.replyTimeout = builder.replyTimeout;
        this.backoff = builder.backoff;
        this.maxIdle = builder.maxIdle;
        this.pipelining = builder.pipelining;
        this.endMarker = builder.endMarker;
        this.maxResultBytes = builder.maxResultBytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static DlmtpClientConfiguration from(Properties properties) {
        Map<String, String> map = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return from(map);
    }

    /**
     * Reads the {@value #PREFIX} keys of {@code properties}; other keys are ignored.
     *
     * @throws IllegalArgumentException whose message starts with the offending key
     */
    public static DlmtpClientConfiguration from(Map<String, String> properties) {
        for (String key : properties.keySet()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                throw new IllegalArgumentException(key + ": unknown dspamd client setting (known: "
                    + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        Builder builder = builder();
        apply(properties, ENDPOINTS, true, value -> {
            List<DlmtpEndpoint> endpoints = new ArrayList<>();
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    endpoints.add(DlmtpEndpoint.parse(item));
                }
            }
            builder.endpoints(endpoints);
        });
        apply(properties, IDENT, true, builder::ident);
        apply(properties, PASSWORD, true, builder::password);
        apply(properties, POOL_SIZE, false, value -> builder.poolSize(parseInt(value)));
        apply(properties, CONNECT_TIMEOUT, false, value -> builder.connectTimeout(SettingValues.parseDuration(value)));
        apply(properties, REPLY_TIMEOUT, false, value -> builder.replyTimeout(SettingValues.parseDuration(value)));
        apply(properties, BACKOFF, false, value -> builder.backoff(SettingValues.parseDuration(value)));
        apply(properties, MAX_IDLE, false, value -> builder.maxIdle(SettingValues.parseDuration(value)));
        apply(properties, PIPELINING, false, value -> builder.pipelining(SettingValues.parseBoolean(value)));
        apply(properties, END_MARKER, false, value -> builder.endMarker(EndMarker.parse(value)));
        apply(properties, MAX_RESULT_BYTES, false, value -> builder.maxResultBytes(parseByteCount(value)));
        return builder.build();
    }

    private interface Setter {
        void set(String value);
    }

    private static void apply(Map<String, String> properties, String key, boolean required, Setter setter) {
        String value = properties.get(key);
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(key + ": required");
            }
            return;
        }
        try {
            setter.set(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + value + "'", e);
        }
    }

    private static int parseByteCount(String value) {
        long bytes = SettingValues.parseSize(value);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + value + "' is more than " + Integer.MAX_VALUE + " bytes");
        }
        return (int) bytes;
    }

    public List<DlmtpEndpoint> endpoints() {
        return endpoints;
    }

    public String ident() {
        return ident;
    }

    public String password() {
        return password;
    }

    public int poolSize() {
        return poolSize;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration replyTimeout() {
        return replyTimeout;
    }

    public Duration backoff() {
        return backoff;
    }

    public Duration maxIdle() {
        return maxIdle;
    }

    public boolean pipelining() {
        return pipelining;
    }

    public EndMarker endMarker() {
        return endMarker;
    }

    public int maxResultBytes() {
        return maxResultBytes;
    }

    public Builder toBuilder() {
        return builder().endpoints(endpoints).ident(ident).password(password).poolSize(poolSize)
            .connectTimeout(connectTimeout).replyTimeout(replyTimeout).backoff(backoff).maxIdle(maxIdle)
            .pipelining(pipelining).endMarker(endMarker).maxResultBytes(maxResultBytes);
    }

    @Override
    public String toString() {
        return "DlmtpClientConfiguration{endpoints=" + endpoints + ", ident=" + ident + ", password=***"
            + ", poolSize=" + poolSize + ", connectTimeout=" + connectTimeout + ", replyTimeout=" + replyTimeout
            + ", backoff=" + backoff + ", maxIdle=" + maxIdle + ", pipelining=" + pipelining
            + ", endMarker=" + endMarker + ", maxResultBytes=" + maxResultBytes + "}";
    }

    public static final class Builder {
        private List<DlmtpEndpoint> endpoints = List.of();
        private String ident;
        private String password;
        private int poolSize = 4;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration replyTimeout = Duration.ofSeconds(60);
        private Duration backoff = Duration.ofSeconds(30);
        private Duration maxIdle = Duration.ofSeconds(240);
        private boolean pipelining = true;
        private EndMarker endMarker = EndMarker.CLASSIFY;
        private int maxResultBytes = 128 * 1024 * 1024;

        private Builder() {
        }

        public Builder endpoints(List<DlmtpEndpoint> endpoints) {
            this.endpoints = List.copyOf(endpoints);
            return this;
        }

        public Builder endpoint(DlmtpEndpoint endpoint) {
            List<DlmtpEndpoint> all = new ArrayList<>(endpoints);
            all.add(Objects.requireNonNull(endpoint, "endpoint"));
            this.endpoints = all;
            return this;
        }

        public Builder ident(String ident) {
            this.ident = ident;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder replyTimeout(Duration replyTimeout) {
            this.replyTimeout = replyTimeout;
            return this;
        }

        public Builder backoff(Duration backoff) {
            this.backoff = backoff;
            return this;
        }

        public Builder maxIdle(Duration maxIdle) {
            this.maxIdle = maxIdle;
            return this;
        }

        public Builder pipelining(boolean pipelining) {
            this.pipelining = pipelining;
            return this;
        }

        public Builder endMarker(EndMarker endMarker) {
            this.endMarker = endMarker;
            return this;
        }

        public Builder maxResultBytes(int maxResultBytes) {
            this.maxResultBytes = maxResultBytes;
            return this;
        }

        /** @throws IllegalArgumentException whose message starts with the key of the bad value */
        public DlmtpClientConfiguration build() {
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException(ENDPOINTS + ": at least one dspamd endpoint is required");
            }
            if (new HashSet<>(endpoints).size() != endpoints.size()) {
                throw new IllegalArgumentException(ENDPOINTS + ": an endpoint is listed twice: " + endpoints);
            }
            for (DlmtpEndpoint endpoint : endpoints) {
                if (endpoint.isUnixSocket() && !DlmtpChannel.unixSocketsSupported()) {
                    throw new IllegalArgumentException(ENDPOINTS + ": " + endpoint + " is a UNIX socket, which needs"
                        + " Java 16 or later (this is Java " + Runtime.version().feature() + "); use host:port");
                }
            }
            checkCredential(IDENT, ident);
            checkCredential(PASSWORD, password);
            if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
                throw new IllegalArgumentException(POOL_SIZE + ": must be within 1.." + MAX_POOL_SIZE + ", got " + poolSize);
            }
            checkPositive(CONNECT_TIMEOUT, connectTimeout);
            checkPositive(REPLY_TIMEOUT, replyTimeout);
            Objects.requireNonNull(backoff, BACKOFF);
            if (backoff.isNegative()) {
                throw new IllegalArgumentException(BACKOFF + ": must not be negative, got " + backoff);
            }
            checkPositive(MAX_IDLE, maxIdle);
            if (endMarker == null) {
                throw new IllegalArgumentException(END_MARKER + ": required");
            }
            if (maxResultBytes < 1024) {
                throw new IllegalArgumentException(MAX_RESULT_BYTES + ": must be at least 1024, got " + maxResultBytes);
            }
            return new DlmtpClientConfiguration(this);
        }

        /**
         * The credentials travel as {@code MAIL FROM:<password@ident>}: dspamd splits at the first
         * {@code @} and stops at {@code >}, and dspam.conf cuts values at {@code #} and {@code ;}
         * (docs/PROTOCOL.md §4), so such characters could never match.
         */
        private static void checkCredential(String key, String value) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(key + ": required");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c <= ' ' || c >= 0x7f || "@<>#;\"\\".indexOf(c) >= 0) {
                    throw new IllegalArgumentException(key + ": must be printable ASCII without spaces or any of"
                        + " @ < > # ; \" \\ (dspamd could never match it)");
                }
            }
        }

        private static void checkPositive(String key, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(key + ": must be a positive duration, got " + value);
            }
        }
    }
}
