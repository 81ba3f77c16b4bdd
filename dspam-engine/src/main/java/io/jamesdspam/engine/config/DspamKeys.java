package io.jamesdspam.engine.config;

import static io.jamesdspam.engine.config.ValueKind.INTEGER;
import static io.jamesdspam.engine.config.ValueKind.NAME_VALUE;
import static io.jamesdspam.engine.config.ValueKind.ON_OFF;
import static io.jamesdspam.engine.config.ValueKind.PATH;
import static io.jamesdspam.engine.config.ValueKind.SECONDS;
import static io.jamesdspam.engine.config.ValueKind.TEXT;
import static io.jamesdspam.engine.config.ValueKind.WORDS;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The one table of dspam.conf keys this project knows: DSPAM 3.10's own keys (whether the
 * engine, the DLMTP server or the tools read them or not) and this server's extras. A key
 * missing here is reported once, by name, as unknown ({@link DspamConf#warnUnknownKeys()}).
 *
 * <p>One line per key: to teach the project a key, add a constant here and read it with
 * {@link DspamConf}'s typed accessors.
 */
public final class DspamKeys {
    private static final List<DspamKey> ALL = new ArrayList<>();

    // ---- classification and training (EngineSettings) ----
    public static final DspamKey TOKENIZER = key("Tokenizer", TEXT);
    public static final DspamKey ALGORITHM = key("Algorithm", WORDS);
    public static final DspamKey PVALUE = key("PValue", TEXT);
    public static final DspamKey TRAINING_MODE = key("TrainingMode", TEXT);
    public static final DspamKey FEATURE = key("Feature", WORDS);
    public static final DspamKey PREFERENCE = key("Preference", NAME_VALUE);
    public static final DspamKey ALLOW_OVERRIDE = key("AllowOverride", WORDS);
    public static final DspamKey PROCESSOR_BIAS = key("ProcessorBias", ON_OFF);
    public static final DspamKey PROCESSOR_URL_CONTEXT = key("ProcessorURLContext", ON_OFF);
    public static final DspamKey PROCESSOR_WORD_FREQUENCY = key("ProcessorWordFrequency", TEXT);
    public static final DspamKey IGNORE_HEADER = key("IgnoreHeader", TEXT);
    public static final DspamKey TEST_CONDITIONAL_TRAINING = key("TestConditionalTraining", ON_OFF);
    public static final DspamKey TRAIN_PRISTINE = key("TrainPristine", ON_OFF);
    // The purge's limits, days or off, as dspam_clean reads them (PurgeLimits)
    public static final DspamKey PURGE_SIGNATURES = key("PurgeSignatures", TEXT);
    public static final DspamKey PURGE_NEUTRAL = key("PurgeNeutral", TEXT);
    public static final DspamKey PURGE_UNUSED = key("PurgeUnused", TEXT);
    public static final DspamKey PURGE_HAPAXES = key("PurgeHapaxes", TEXT);
    public static final DspamKey PURGE_HITS1S = key("PurgeHits1S", TEXT);
    public static final DspamKey PURGE_HITS1I = key("PurgeHits1I", TEXT);
    public static final DspamKey OPT = key("Opt", TEXT);
    public static final DspamKey GROUP_CONFIG = key("GroupConfig", PATH);
    public static final DspamKey HOME = key("Home", PATH);

    // ---- the DLMTP server (DlmtpServerSettings, ServerPurge); the last seven are this server's extras ----
    public static final DspamKey SERVER_MODE = key("ServerMode", TEXT);
    public static final DspamKey SERVER_PARAMETERS = key("ServerParameters", TEXT);
    public static final DspamKey SERVER_HOST = key("ServerHost", TEXT);
    public static final DspamKey SERVER_PORT = key("ServerPort", INTEGER);
    public static final DspamKey SERVER_DOMAIN_SOCKET_PATH = key("ServerDomainSocketPath", PATH);
    public static final DspamKey SERVER_PASS = key("ServerPass.", TEXT);
    public static final DspamKey SERVER_IDENT = key("ServerIdent", TEXT);
    public static final DspamKey SERVER_QUEUE_SIZE = key("ServerQueueSize", INTEGER);
    public static final DspamKey SERVER_PID = key("ServerPID", PATH);
    public static final DspamKey MAX_MESSAGE_SIZE = key("MaxMessageSize", INTEGER);
    public static final DspamKey IMPROBABILITY_DRIVE = key("ImprobabilityDrive", ON_OFF);
    public static final DspamKey CLASS_ALIAS_SPAM = key("ClassAliasSpam", WORDS);
    public static final DspamKey CLASS_ALIAS_NONSPAM = key("ClassAliasNonspam", WORDS);
    public static final DspamKey SERVER_VERSION = key("ServerVersion", TEXT);
    public static final DspamKey SERVER_MAX_CONNECTIONS = key("ServerMaxConnections", INTEGER);
    public static final DspamKey SERVER_MAX_LINE_LENGTH = key("ServerMaxLineLength", INTEGER);
    public static final DspamKey SERVER_IDLE_TIMEOUT = key("ServerIdleTimeout", SECONDS);
    public static final DspamKey SERVER_DATA_TIMEOUT = key("ServerDataTimeout", SECONDS);
    public static final DspamKey SERVER_AUTH_FAILURE_DELAY = key("ServerAuthFailureDelay", SECONDS);
    public static final DspamKey SERVER_AUTH_FAILURE_LIMIT = key("ServerAuthFailureLimit", INTEGER);
    public static final DspamKey SERVER_AUTH_LOCKOUT = key("ServerAuthLockout", SECONDS);
    public static final DspamKey SERVER_SHUTDOWN_TIMEOUT = key("ServerShutdownTimeout", SECONDS);
    public static final DspamKey SERVER_PURGE_INTERVAL = key("ServerPurgeInterval", SECONDS);

    // ---- DSPAM keys nothing here reads (known, so never reported as typos) ----
    static {
        key("StorageDriver", PATH);
        key("TrustedDeliveryAgent", TEXT);
        key("UntrustedDeliveryAgent", TEXT);
        key("DeliveryHost", TEXT);
        key("DeliveryPort", INTEGER);
        key("DeliveryIdent", TEXT);
        key("DeliveryProto", TEXT);
        key("DeliverySocket", PATH);
        key("QuarantineAgent", TEXT);
        key("QuarantineMailbox", TEXT);
        key("QuarantineWarnSize", INTEGER);
        key("OnFail", TEXT);
        key("Trust", TEXT);
        key("Debug", TEXT);
        key("DebugOpt", TEXT);
        key("WebStatsAllowed", TEXT);
        key("HashRecMax", INTEGER);
        key("HashAutoExtend", ON_OFF);
        key("HashMaxExtents", INTEGER);
        key("HashExtentSize", INTEGER);
        key("HashPctIncrease", INTEGER);
        key("HashMaxSeek", INTEGER);
        key("HashConnectionCache", INTEGER);
        key("Notifications", ON_OFF);
        key("LocalMX", TEXT);
        key("SystemLog", ON_OFF);
        key("UserLog", ON_OFF);
        key("Broken", TEXT);
        key("StripRcptDomain", ON_OFF);
        key("ParseToHeaders", ON_OFF);
        key("ChangeModeOnParse", ON_OFF);
        key("ChangeUserOnParse", TEXT);
        key("ClientHost", TEXT);
        key("ClientPort", INTEGER);
        key("ClientIdent", TEXT);
        key("ClamAVPort", INTEGER);
        key("ClamAVHost", TEXT);
        key("ClamAVResponse", TEXT);
        key("FailoverAttempts", INTEGER);
        key("SupressWebStats", ON_OFF);
        key("TrackSources", TEXT);
        key("RBLInoculate", ON_OFF);
        key("Lookup", TEXT);
        key("FallbackDomains", ON_OFF);
        key("EnablePlusedDetail", ON_OFF);
        key("PlusedCharacter", TEXT);
        key("PlusedUserLowercase", ON_OFF);
        key("LDAPMode", TEXT);
        key("LDAPHost", TEXT);
        key("LDAPFilter", TEXT);
        key("LDAPBase", TEXT);
        key("ExtLookup", ON_OFF);
        key("ExtLookupServer", TEXT);
        key("ExtLookupQuery", TEXT);
        key("ExtLookupMode", TEXT);
        key("DataSource", TEXT);
        key("Profile", TEXT);
        key("DefaultProfile", TEXT);
    }

    // ---- The SQL drivers' keys: StorageSettings reads the connection and virtual-user ones by name, the rest are
    // DSPAM's own tuning (known, so that an existing installation's dspam.conf is not reported as full of typos) ----
    static {
        for (String driver : new String[] {"MySQL", "PgSQL"}) {
            key(driver + "Server", TEXT);
            key(driver + "Port", INTEGER);
            key(driver + "User", TEXT);
            key(driver + "Pass", TEXT);
            key(driver + "Db", TEXT);
            key(driver + "ConnectionCache", INTEGER);
            key(driver + "UIDInSignature", ON_OFF);
            key(driver + "VirtualTable", TEXT);
            key(driver + "VirtualUIDField", TEXT);
            key(driver + "VirtualUsernameField", TEXT);
        }
        key("MySQLSocket", PATH);
        key("MySQLCompress", TEXT);
        key("MySQLReconnect", TEXT);
        key("MySQLReadSignaturesFromWriteDb", ON_OFF);
        key("MySQLWriteServer", TEXT);
        key("MySQLWritePort", INTEGER);
        key("MySQLWriteUser", TEXT);
        key("MySQLWritePass", TEXT);
        key("MySQLWriteDb", TEXT);
    }

    private DspamKeys() {
    }

    private static DspamKey key(String name, ValueKind kind) {
        DspamKey key = new DspamKey(name, kind);
        ALL.add(key);
        return key;
    }

    /** Every known key, in table order. */
    public static List<DspamKey> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The known key a written key is, if any. */
    public static Optional<DspamKey> find(String written) {
        for (DspamKey key : ALL) {
            if (key.matches(written)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }
}
