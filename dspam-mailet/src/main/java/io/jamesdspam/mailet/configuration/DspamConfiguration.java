package io.jamesdspam.mailet.configuration;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.commons.configuration2.Configuration;
import org.apache.james.util.DurationParser;
import org.apache.james.util.Size;
import org.apache.mailet.AttributeName;

import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.autolearn.AutolearnPolicy;
import io.jamesdspam.autolearn.SpamAssassinSource;
import io.jamesdspam.client.DlmtpClientConfiguration;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.user.DspamUserMapping;

/**
 * Everything the James side of DSPAM is configured with, parsed once from {@code dspam.properties}
 * (through James's {@code PropertiesProvider}); a mailet's own parameters override the
 * per-mailet keys. Every error names the bad key.
 *
 * <p>Keys (defaults in brackets):
 * <ul>
 *   <li>{@code backend} [embedded] — {@code embedded} or {@code dspamd};</li>
 *   <li>{@code embedded.directory} [var/dspam] — the embedded store, relative to James's working
 *       directory unless absolute; {@code embedded.dspamConf} — an optional dspam.conf for the
 *       engine's settings; {@code embedded.loadedUsers} [1000] — users whose files the embedded
 *       store keeps open; {@code embedded.cacheSize} [128M] — heap for the dictionaries of the
 *       busiest of them (see {@code JournalDspamStore.Options});</li>
 *   <li>{@code dspamd.*} — the DLMTP client's settings (endpoints, ident, password, pool size,
 *       timeouts; see {@link DlmtpClientConfiguration}), checked when the backend is dspamd;</li>
 *   <li>{@code backend.threads} [32], {@code breaker.enabled} [true], {@code breaker.failures} [3],
 *       {@code breaker.openFor} [30s], {@code breaker.slowCall} [5s] — how calls to the backend are bounded, see
 *       {@link BackendGuardSettings};</li>
 *   <li>{@code userMapping} [recipient] — see {@link DspamUserMapping}; shared with retraining,
 *       so it cannot be overridden per mailet;</li>
 *   <li>{@code spamMailboxes} [Spam,Junk], {@code trashMailboxes} [Trash,Deleted,Deleted Items,
 *       Deleted Messages] — see {@link SpecialMailboxes}; read by the retrain listener and the
 *       periodic training task;</li>
 *   <li>per mailet: {@code mode} [process], {@code attribute} [dspam.result], {@code maxSize}
 *       [500000], {@code skipAuthenticated} [true], {@code onFailure} [deliver],
 *       {@code timeout} [30s], {@code autolearn} [none], {@code autolearn.learnSpam} [12.0],
 *       {@code autolearn.learnHam} [0.1];</li>
 *   <li>for the SMTP hook: {@code reject} [off], {@code rejectType} [perm].</li>
 * </ul>
 */
public final class DspamConfiguration {
    public static final String BACKEND = "backend";
    public static final String EMBEDDED_DIRECTORY = "embedded.directory";
    public static final String EMBEDDED_DSPAM_CONF = "embedded.dspamConf";
    public static final String EMBEDDED_LOADED_USERS = "embedded.loadedUsers";
    public static final String EMBEDDED_CACHE_SIZE = "embedded.cacheSize";
    public static final String DSPAMD_PREFIX = "dspamd.";
    public static final String USER_MAPPING = "userMapping";
    public static final String MODE = "mode";
    public static final String ATTRIBUTE = "attribute";
    public static final String MAX_SIZE = "maxSize";
    public static final String SKIP_AUTHENTICATED = "skipAuthenticated";
    public static final String ON_FAILURE = "onFailure";
    public static final String TIMEOUT = "timeout";
    public static final String AUTOLEARN = "autolearn";
    public static final String AUTOLEARN_LEARN_SPAM = "autolearn.learnSpam";
    public static final String AUTOLEARN_LEARN_HAM = "autolearn.learnHam";
    public static final String REJECT = "reject";
    public static final String REJECT_TYPE = "rejectType";
    public static final String BACKEND_THREADS = "backend.threads";
    public static final String BREAKER_ENABLED = "breaker.enabled";
    public static final String BREAKER_FAILURES = "breaker.failures";
    public static final String BREAKER_OPEN_FOR = "breaker.openFor";
    public static final String BREAKER_SLOW_CALL = "breaker.slowCall";

    public static final String DEFAULT_EMBEDDED_DIRECTORY = "var/dspam";
    /** The qpsmtpd plugin's hard-coded limit. */
    public static final long DEFAULT_MAX_SIZE = 500_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Keys a mailet (or the SMTP hook) may set for itself. */
    public static final Set<String> PER_MAILET_KEYS = Set.of(MODE, ATTRIBUTE, MAX_SIZE, SKIP_AUTHENTICATED, ON_FAILURE,
        TIMEOUT, AUTOLEARN, AUTOLEARN_LEARN_SPAM, AUTOLEARN_LEARN_HAM, REJECT, REJECT_TYPE);
    private static final Set<String> SHARED_KEYS = Set.of(BACKEND, EMBEDDED_DIRECTORY, EMBEDDED_DSPAM_CONF,
        EMBEDDED_LOADED_USERS, EMBEDDED_CACHE_SIZE, USER_MAPPING,
        SpecialMailboxes.SPAM_MAILBOXES_KEY, SpecialMailboxes.TRASH_MAILBOXES_KEY,
        BACKEND_THREADS, BREAKER_ENABLED, BREAKER_FAILURES, BREAKER_OPEN_FOR, BREAKER_SLOW_CALL);
    /**
     * James's mailet container reads these from every mailet element and also hands them to the
     * mailet as parameters: they are the container's, so they are neither DSPAM settings nor errors.
     */
    private static final Set<String> CONTAINER_KEYS = Set.of("onMailetException", "onMatchException");

    private final Map<String, String> raw;
    private final BackendType backendType;
    private final String embeddedDirectory;
    private final Optional<String> embeddedDspamConf;
    private final Optional<Integer> embeddedLoadedUsers;
    private final Optional<Long> embeddedCacheSize;
    private final Optional<DlmtpClientConfiguration> dspamdClient;
    private final BackendGuardSettings backendGuard;
    private final DspamUserMapping userMapping;
    private final SpecialMailboxes specialMailboxes;
    private final ClassificationMode mode;
    private final AttributeName attributeName;
    private final long maxSize;
    private final boolean skipAuthenticated;
    private final FailurePolicy failurePolicy;
    private final Duration timeout;
    private final AutolearnPolicy autolearn;
    private final RejectPolicy rejectPolicy;
    private final RejectType rejectType;

    private DspamConfiguration(Map<String, String> raw) {
        this.raw = Map.copyOf(raw);
        for (String key : raw.keySet()) {
            if (!SHARED_KEYS.contains(key) && !PER_MAILET_KEYS.contains(key) && !key.startsWith(DSPAMD_PREFIX)) {
                throw new IllegalArgumentException("Unknown DSPAM setting '" + key + "'");
            }
        }
        this.backendType = value(BACKEND, BackendType::parse, BackendType.EMBEDDED);
        this.embeddedDirectory = value(EMBEDDED_DIRECTORY, Function.identity(), DEFAULT_EMBEDDED_DIRECTORY);
        this.embeddedDspamConf = Optional.ofNullable(raw.get(EMBEDDED_DSPAM_CONF)).filter(v -> !v.isBlank());
        this.embeddedLoadedUsers = Optional.ofNullable(value(EMBEDDED_LOADED_USERS, v -> Math.toIntExact(positiveLong(v)), null));
        this.embeddedCacheSize = Optional.ofNullable(value(EMBEDDED_CACHE_SIZE, DspamConfiguration::size, null));
        this.dspamdClient = backendType == BackendType.DSPAMD ? Optional.of(dspamdClient(raw)) : Optional.empty();
        this.backendGuard = new BackendGuardSettings(
            (int) Math.min(Integer.MAX_VALUE, value(BACKEND_THREADS, DspamConfiguration::positiveLong, (long) BackendGuardSettings.DEFAULT_THREADS)),
            value(BREAKER_ENABLED, DspamConfiguration::bool, true),
            (int) Math.min(Integer.MAX_VALUE, value(BREAKER_FAILURES, DspamConfiguration::positiveLong, (long) BackendGuardSettings.DEFAULT_BREAKER_FAILURES)),
            value(BREAKER_OPEN_FOR, DspamConfiguration::positiveDuration, BackendGuardSettings.DEFAULT_BREAKER_OPEN_FOR),
            value(BREAKER_SLOW_CALL, DspamConfiguration::positiveDuration, BackendGuardSettings.DEFAULT_BREAKER_SLOW_CALL));
        this.userMapping = value(USER_MAPPING, DspamUserMapping::parse, DspamUserMapping.recipient());
        this.specialMailboxes = SpecialMailboxes.of(
            value(SpecialMailboxes.SPAM_MAILBOXES_KEY, SpecialMailboxes::parseNames, SpecialMailboxes.DEFAULT_SPAM_NAMES),
            value(SpecialMailboxes.TRASH_MAILBOXES_KEY, SpecialMailboxes::parseNames, SpecialMailboxes.DEFAULT_TRASH_NAMES));
        this.mode = value(MODE, ClassificationMode::parse, ClassificationMode.PROCESS);
        this.attributeName = value(ATTRIBUTE, AttributeName::of, AttributeName.of(DspamResultAttribute.DEFAULT_NAME));
        this.maxSize = value(MAX_SIZE, DspamConfiguration::positiveLong, DEFAULT_MAX_SIZE);
        this.skipAuthenticated = value(SKIP_AUTHENTICATED, DspamConfiguration::bool, true);
        this.failurePolicy = value(ON_FAILURE, FailurePolicy::parse, FailurePolicy.DELIVER);
        this.timeout = value(TIMEOUT, DspamConfiguration::positiveDuration, DEFAULT_TIMEOUT);
        double learnSpam = value(AUTOLEARN_LEARN_SPAM, Double::parseDouble, SpamAssassinSource.DEFAULT_LEARN_SPAM_THRESHOLD);
        double learnHam = value(AUTOLEARN_LEARN_HAM, Double::parseDouble, SpamAssassinSource.DEFAULT_LEARN_HAM_THRESHOLD);
        SpamAssassinSource spamAssassin = spamAssassinSource(learnSpam, learnHam);
        this.autolearn = value(AUTOLEARN, v -> AutolearnPolicy.parse(v, spamAssassin), AutolearnPolicy.disabled());
        this.rejectPolicy = value(REJECT, RejectPolicy::parse, RejectPolicy.off());
        this.rejectType = value(REJECT_TYPE, RejectType::parse, RejectType.PERM);
    }

    /** The defaults: embedded backend, process mode, no autolearn, no SMTP reject. */
    public static DspamConfiguration defaults() {
        return new DspamConfiguration(Map.of());
    }

    /** Parses {@code dspam.properties}. @throws IllegalArgumentException naming the bad key */
    public static DspamConfiguration from(Configuration configuration) {
        Map<String, String> raw = new LinkedHashMap<>();
        Iterator<String> keys = configuration.getKeys();
        while (keys.hasNext()) {
            String key = keys.next();
            raw.put(key, String.join(",", configuration.getStringArray(key)));
        }
        return new DspamConfiguration(raw);
    }

    public static DspamConfiguration of(Map<String, String> settings) {
        return new DspamConfiguration(settings);
    }

    /**
     * This configuration with a mailet's (or SMTP handler's) own parameters on top. Only the
     * per-mailet keys may be set there: the backend and the user mapping are shared by everything
     * that talks to DSPAM.
     *
     * @throws IllegalArgumentException naming the bad key
     */
    public DspamConfiguration withOverrides(Map<String, String> parameters) {
        Map<String, String> merged = new LinkedHashMap<>(raw);
        parameters.forEach((key, v) -> {
            if (CONTAINER_KEYS.contains(key)) {
                return;
            }
            if (!PER_MAILET_KEYS.contains(key)) {
                String why = SHARED_KEYS.contains(key) || key.startsWith(DSPAMD_PREFIX)
                    ? "it is shared by every DSPAM component; set it in dspam.properties"
                    : "unknown parameter; expected one of " + String.join(", ", new TreeSet<>(PER_MAILET_KEYS));
                throw new IllegalArgumentException("Invalid DSPAM parameter '" + key + "': " + why);
            }
            merged.put(key, v);
        });
        return new DspamConfiguration(merged);
    }

    private <T> T value(String key, Function<String, T> parser, T defaultValue) {
        String v = raw.get(key);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return parser.apply(v.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid DSPAM setting '" + key + "' = '" + v + "': " + e.getMessage(), e);
        }
    }

    private static DlmtpClientConfiguration dspamdClient(Map<String, String> raw) {
        Map<String, String> dspamd = new TreeMap<>();
        raw.forEach((key, v) -> {
            if (key.startsWith(DSPAMD_PREFIX)) {
                dspamd.put(key, v);
            }
        });
        try {
            return DlmtpClientConfiguration.from(dspamd);
        } catch (IllegalArgumentException e) {
            // The client's messages start with the offending key.
            throw new IllegalArgumentException("Invalid DSPAM setting " + e.getMessage(), e);
        }
    }

    private static SpamAssassinSource spamAssassinSource(double learnSpam, double learnHam) {
        try {
            return new SpamAssassinSource(learnSpam, learnHam);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid DSPAM settings '" + AUTOLEARN_LEARN_SPAM + "'/'"
                + AUTOLEARN_LEARN_HAM + "': " + e.getMessage(), e);
        }
    }

    private static long positiveLong(String v) {
        long parsed = Long.parseLong(v);
        if (parsed <= 0) {
            throw new IllegalArgumentException("must be positive");
        }
        return parsed;
    }

    /** A size in bytes, James's way ({@code 500}, {@code 64K}, {@code 128M}, {@code 1G}); 0 allowed. */
    private static long size(String v) {
        long parsed = Size.parse(v).asBytes();
        if (parsed < 0) {
            throw new IllegalArgumentException("expected a size such as 0, 512K, 128M or 1G");
        }
        return parsed;
    }

    private static Duration positiveDuration(String v) {
        Duration parsed = DurationParser.parse(v, ChronoUnit.SECONDS);
        if (parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException("must be positive");
        }
        return parsed;
    }

    private static boolean bool(String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    public BackendType backendType() {
        return backendType;
    }

    /** Where the embedded store lives; relative paths are under James's working directory. */
    public String embeddedDirectory() {
        return embeddedDirectory;
    }

    public Optional<String> embeddedDspamConf() {
        return embeddedDspamConf;
    }

    /** The DLMTP client's settings (the {@code dspamd.*} keys), present when the backend is dspamd. */
    /** Users whose files the embedded store keeps open; absent = the store's default. */
    public Optional<Integer> embeddedLoadedUsers() {
        return embeddedLoadedUsers;
    }

    /** Heap in bytes for the embedded store's cached dictionaries; absent = the store's default. */
    public Optional<Long> embeddedCacheSize() {
        return embeddedCacheSize;
    }

    public Optional<DlmtpClientConfiguration> dspamdClient() {
        return dspamdClient;
    }

    /** How calls to the shared backend are bounded (threads, circuit breaker). */
    public BackendGuardSettings backendGuard() {
        return backendGuard;
    }

    public DspamUserMapping userMapping() {
        return userMapping;
    }

    /** The mailboxes training reads as spam and as thrown away (listener and periodic task alike). */
    public SpecialMailboxes specialMailboxes() {
        return specialMailboxes;
    }

    public ClassificationMode mode() {
        return mode;
    }

    public AttributeName attributeName() {
        return attributeName;
    }

    public long maxSize() {
        return maxSize;
    }

    public boolean skipAuthenticated() {
        return skipAuthenticated;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public Duration timeout() {
        return timeout;
    }

    public AutolearnPolicy autolearn() {
        return autolearn;
    }

    public RejectPolicy rejectPolicy() {
        return rejectPolicy;
    }

    public RejectType rejectType() {
        return rejectType;
    }

    @Override
    public String toString() {
        return "DspamConfiguration{backend=" + backendType.name().toLowerCase(Locale.ROOT) + ", mode=" + mode
            + ", userMapping=" + userMapping + ", attribute=" + attributeName.asString() + ", maxSize=" + maxSize
            + ", skipAuthenticated=" + skipAuthenticated + ", onFailure=" + failurePolicy + ", timeout=" + timeout
            + ", autolearn=" + autolearn + ", reject=" + rejectPolicy + ", rejectType=" + rejectType + "}";
    }
}
