package io.jamesdspam.engine.server;

import java.time.Duration;
import java.util.List;

/** dspamd's replies in ServerMode dspam, text for text (docs/PROTOCOL.md §3, §4, §8). */
final class DlmtpReplies {
    static final String NEED_LHLO = "503 5.0.0 Need LHLO here.";
    static final String NEED_MAIL_FROM = "503 5.0.0 Need MAIL FROM here.";
    static final String AUTHENTICATION_REQUIRED = "503 5.1.0 Authentication Required";
    static final String INVALID_RCPT = "503 5.1.2 Invalid RCPT TO. Use RCPT TO: <recipient>";
    static final String NO_DESTINATION_USER = "554 5.1.1 Unable to determine the destination user";
    static final String AGENT_CONTEXT = "554 5.1.0 Unable to initialize agent context";
    static final String MISCONFIGURED = "503 5.3.5 DSPAM agent misconfigured: aborting";
    static final String NEED_DATA_FIRST = "503 5.0.0 Need DATA Here";
    static final String NEED_DATA = "503 5.0.0 Need DATA here.";
    static final String MESSAGE_EMPTY = "530 5.2.0 Message is empty. Aborting.";
    static final String START_DATA = "354 Enter mail, end with \".\" on a line by itself";
    static final String MAIL_OK = "250 2.1.0 OK";
    static final String RCPT_OK = "250 2.1.5 OK";
    static final String RSET_OK = "250 OK";
    static final String QUIT_OK = "221 2.0.0 OK";
    /** dspamd's answer to QUIT while recipients are being collected (sic). */
    static final String QUIT_IN_RCPT_PHASE = "250 2.0.0 OK";
    static final String END_OF_PAYLOAD = ".";

    /** Not in dspamd (it has no limits): a command line longer than ServerMaxLineLength. */
    static final String LINE_TOO_LONG = "500 5.5.2 Line too long";
    /** Not in dspamd (it has no limit): sent when ServerMaxConnections connections are open. */
    static final String TOO_MANY_CONNECTIONS = "421 4.3.2 Too many connections, try again later";

    /** Not in dspamd (it has no throttle): an address locked out after repeated failed authentications. */
    static String lockedOut(Duration left) {
        return "421 4.7.0 Too many failed authentications, try again in " + Math.max(1, left.toSeconds()) + " s";
    }

    private DlmtpReplies() {
    }

    static String banner(String version) {
        return "220 DSPAM DLMTP " + version + " Authentication Required";
    }

    /** The banner of ServerMode standard and auto (docs/PROTOCOL.md §2). */
    static String lmtpBanner(String version) {
        return "220 DSPAM LMTP " + version + " Ready";
    }

    /** DSPAMPROCESSMODE is only advertised to a DLMTP session. */
    static List<String> lhlo(String serverIdent, boolean dlmtp) {
        return dlmtp
            ? List.of("250-" + serverIdent, "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250-DSPAMPROCESSMODE",
                "250-8BITMIME", "250 SIZE")
            : List.of("250-" + serverIdent, "250-PIPELINING", "250-ENHANCEDSTATUSCODES", "250-8BITMIME", "250 SIZE");
    }

    /** The verdict is only told to a DLMTP session; plain LMTP gets no ": SPAM|INNOCENT". */
    static String accepted(String user, boolean spam, boolean withVerdict) {
        return "250 2.6.0 <" + user + "> Message accepted for delivery" + (withVerdict ? spam ? ": SPAM" : ": INNOCENT" : "");
    }

    /** §6.4's temporary per-recipient failure; used when the backend failed as a whole. */
    static String processingFailed(String user) {
        return "421 4.3.0 <" + user + "> Error occured during processing";
    }
}
