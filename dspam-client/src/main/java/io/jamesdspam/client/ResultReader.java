package io.jamesdspam.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.UserOutcome;
import io.jamesdspam.model.Verdict;
import io.jamesdspam.protocol.SummaryLine;

/**
 * Reads what dspamd writes after the message (docs/PROTOCOL.md §6) and turns it into one outcome
 * per user. The quirks handled here:
 * <ul>
 *   <li>summary and message lines end in a bare LF; only {@code .} CRLF ends the payload, and a
 *       returned message is not dot-stuffed, so {@code .} LF is an ordinary message line (§1, 25);</li>
 *   <li>a user whose processing failed simply has no summary line: "not classified" (§6.5);</li>
 *   <li>upstream 3.10.2 answers a summary transaction in which every user failed with LMTP-style
 *       replies and no {@code .}, and a failed {@code --classify} with nothing at all; the
 *       pipelined NOOP's {@code 503} marks the end in that case (§6.5, 40).</li>
 * </ul>
 */
final class ResultReader {
    private static final int MAX_REPLY_LINE = 64 * 1024;
    private static final String CLASSIFICATION_HEADER = "X-Daemon-Classification: ";
    private static final Pattern LMTP_REPLY = Pattern.compile("(\\d{3}) (\\d\\.\\d+\\.\\d+) <([^>]*)>(?: (.*))?");

    private final LineReader reader;
    private final Duration replyTimeout;
    private final int maxResultBytes;
    private int bytesRead;

    ResultReader(LineReader reader, Duration replyTimeout, int maxResultBytes) {
        this.reader = reader;
        this.replyTimeout = replyTimeout;
        this.maxResultBytes = maxResultBytes;
    }

    DlmtpTransactionResult read(DlmtpTransaction transaction, boolean endMarkerSent) throws IOException, DlmtpSurprise {
        Collected collected = new Collected(transaction.users());
        boolean endMarkerSeen;
        switch (transaction.resultStyle()) {
            case SUMMARY:
                endMarkerSeen = readSummary(collected, endMarkerSent);
                break;
            case MESSAGE:
                endMarkerSeen = readMessages(collected, endMarkerSent);
                break;
            default:
                readLmtpReplies(collected, null, "LMTP-style reply carries no DSPAM result");
                endMarkerSeen = false;
                break;
        }
        if (endMarkerSent && !endMarkerSeen) {
            ReplyLine marker = next(MAX_REPLY_LINE);
            if (!isEndMarker(marker)) {
                throw new DlmtpSurprise("expected the answer to the pipelined NOOP after the result", marker);
            }
        }
        return collected.toResult(transaction.resultStyle());
    }

    /** @return whether the end marker's reply was consumed */
    private boolean readSummary(Collected collected, boolean endMarkerSent) throws IOException, DlmtpSurprise {
        while (true) {
            ReplyLine line = next(MAX_REPLY_LINE);
            if (line.isPayloadTerminator()) {
                return false;
            }
            if (endMarkerSent && isEndMarker(line)) {
                if (!collected.summaryLines.isEmpty()) {
                    throw new DlmtpSurprise("summary lines were not terminated by '.'", line);
                }
                collected.noAnswer("dspamd returned nothing for this transaction (upstream 3.10.2 does so when"
                    + " --classify fails for every user)");
                return true;
            }
            if (line.isProtocolReply()) {
                if (!collected.summaryLines.isEmpty()) {
                    throw new DlmtpSurprise("an LMTP reply after summary lines", line);
                }
                readLmtpReplies(collected, line, "dspamd gave no result (upstream LMTP-style fallback when every user fails)");
                return false;
            }
            String text = line.text();
            if (!SummaryLine.isSummaryLine(text)) {
                throw new DlmtpSurprise("unexpected line in the summary output", line);
            }
            DspamResult result;
            try {
                result = SummaryLine.parse(text);
            } catch (IllegalArgumentException e) {
                throw new DlmtpSurprise("malformed summary line: " + e.getMessage(), line);
            }
            collected.classified(result, line);
            collected.summaryLines.add(text);
        }
    }

    private void readLmtpReplies(Collected collected, ReplyLine first, String successReason) throws IOException, DlmtpSurprise {
        ReplyLine line = first;
        for (int i = 0; i < collected.users.size(); i++) {
            if (line == null) {
                line = next(MAX_REPLY_LINE);
            }
            Matcher matcher = LMTP_REPLY.matcher(line.text());
            if (!line.isProtocolReply() || !matcher.matches()) {
                throw new DlmtpSurprise("expected one LMTP reply per user", line);
            }
            DspamUser user = collected.requested(matcher.group(3), line);
            String reason = line.code() == 250 ? successReason + ": '" + line.forError() + "'"
                : "dspamd failed for this user: '" + line.forError() + "'";
            collected.notClassified(user, reason, line);
            collected.lmtpReplies.add(line.text());
            line = null;
        }
    }

    /** @return whether the end marker's reply was consumed */
    private boolean readMessages(Collected collected, boolean endMarkerSent) throws IOException, DlmtpSurprise {
        ReplyLine first = next(maxResultBytes);
        if (endMarkerSent && isEndMarker(first)) {
            collected.noAnswer("dspamd returned nothing for this transaction");
            return true;
        }
        if (first.isProtocolReply()) {
            readLmtpReplies(collected, first, "dspamd answered with an LMTP reply instead of the message");
            return false;
        }
        List<byte[]> copies = new ArrayList<>();
        ByteArrayOutputStream current = null;
        ReplyLine line = first;
        while (!line.isPayloadTerminator()) {
            boolean startsCopy = startsWith(line.content(), CLASSIFICATION_HEADER)
                && (current == null || collected.users.size() > 1);
            if (startsCopy) {
                if (current != null) {
                    copies.add(current.toByteArray());
                }
                current = new ByteArrayOutputStream();
                collected.classifications.add(new String(line.content(), StandardCharsets.US_ASCII)
                    .substring(CLASSIFICATION_HEADER.length()).trim());
            } else {
                if (current == null) {
                    throw new DlmtpSurprise("a returned message must start with '" + CLASSIFICATION_HEADER.trim() + "'", line);
                }
                current.write(line.content(), 0, line.content().length);
                if (line.endsWithCrlf()) {
                    current.write('\r');
                }
                current.write('\n');
            }
            line = next(maxResultBytes);
        }
        if (current != null) {
            copies.add(current.toByteArray());
        }
        collected.returnedMessages.addAll(copies);
        if (copies.size() != collected.users.size()) {
            collected.noAnswer("dspamd returned " + copies.size() + " message copies for " + collected.users.size()
                + " users; they cannot be attributed");
            return false;
        }
        for (int i = 0; i < copies.size(); i++) {
            collected.classified(resultFromCopy(collected.users.get(i), collected.classifications.get(i), copies.get(i)), null);
        }
        return false;
    }

    /**
     * The result as the returned copy shows it: verdict from {@code X-Daemon-Classification}, the
     * rest from the last {@code X-DSPAM-*} headers (dspamd appends its own after any existing
     * ones, transcript 37).
     */
    private static DspamResult resultFromCopy(DspamUser user, String classification, byte[] copy) throws DlmtpSurprise {
        Map<String, String> headers = dspamHeaders(copy);
        Verdict verdict;
        switch (classification.toUpperCase(Locale.ROOT)) {
            case "SPAM":
                verdict = Verdict.SPAM;
                break;
            case "INNOCENT":
                verdict = Verdict.INNOCENT;
                break;
            default:
                throw new DlmtpSurprise("unknown X-Daemon-Classification '" + classification + "'", null);
        }
        DspamResult.Builder builder;
        try {
            builder = DspamResult.builder()
                .user(user)
                .verdict(verdict)
                .dspamClass(Optional.ofNullable(headers.get("X-DSPAM-Result"))
                    .map(name -> SummaryLine.knownClass(name, verdict)).orElse(DspamClass.of(verdict)))
                .probability(DspamNumberFormat.parseFraction("X-DSPAM-Probability", headers.get("X-DSPAM-Probability")))
                .confidence(DspamNumberFormat.parseFraction("X-DSPAM-Confidence", headers.get("X-DSPAM-Confidence")))
                .signature(Signature.parse(headers.get("X-DSPAM-Signature")));
        } catch (IllegalArgumentException e) {
            throw new DlmtpSurprise("malformed headers in the returned message: " + e.getMessage(), null);
        }
        headers.forEach(builder::returnedHeader);
        return builder.build();
    }

    /** The X-DSPAM-* headers of a message's header block, folded lines joined, the last of each name kept. */
    static Map<String, String> dspamHeaders(byte[] message) {
        Map<String, String> headers = new LinkedHashMap<>();
        String text = new String(message, StandardCharsets.UTF_8);
        String name = null;
        StringBuilder value = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && value != null) {
                value.append("\r\n").append(line);
                continue;
            }
            if (name != null) {
                headers.remove(name);
                headers.put(name, value.toString());
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.regionMatches(true, 0, "X-DSPAM-", 0, 8)) {
                name = line.substring(0, colon);
                value = new StringBuilder(line.substring(colon + 1).trim());
            } else {
                name = null;
                value = null;
            }
        }
        if (name != null) {
            headers.remove(name);
            headers.put(name, value.toString());
        }
        return headers;
    }

    private static boolean startsWith(byte[] content, String prefix) {
        if (content.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (content[i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The reply to the pipelined NOOP: {@code 503 5.0.0 Need MAIL FROM here.} */
    private static boolean isEndMarker(ReplyLine line) {
        return line.isProtocolReply() && line.code() == 503 && line.text().contains("Need MAIL FROM");
    }

    private ReplyLine next(int maxLength) throws IOException, DlmtpSurprise {
        int budget = maxResultBytes - bytesRead;
        String tooLarge = "the result exceeds " + maxResultBytes + " bytes (" + DlmtpClientConfiguration.MAX_RESULT_BYTES + ")";
        if (budget <= 0) {
            throw new DlmtpSurprise(tooLarge, null);
        }
        ReplyLine line;
        try {
            line = reader.readLine(System.nanoTime() + replyTimeout.toNanos(), Math.min(maxLength, budget));
        } catch (LineReader.LineTooLongException e) {
            throw new DlmtpSurprise(maxLength < budget ? "a result line longer than " + maxLength + " bytes" : tooLarge, null);
        }
        bytesRead += line.content().length + (line.endsWithCrlf() ? 2 : 1);
        return line;
    }

    /** Outcomes gathered per user, in request order. */
    private static final class Collected {
        private final List<DspamUser> users;
        private final Map<DspamUser, UserOutcome> outcomes = new LinkedHashMap<>();
        private final List<String> summaryLines = new ArrayList<>();
        private final List<String> lmtpReplies = new ArrayList<>();
        private final List<byte[]> returnedMessages = new ArrayList<>();
        private final List<String> classifications = new ArrayList<>();

        Collected(List<DspamUser> users) {
            this.users = users;
        }

        DspamUser requested(String name, ReplyLine line) throws DlmtpSurprise {
            for (DspamUser user : users) {
                if (user.asString().equals(name)) {
                    if (outcomes.containsKey(user)) {
                        throw new DlmtpSurprise("dspamd answered twice for user '" + name + "'", line);
                    }
                    return user;
                }
            }
            throw new DlmtpSurprise("dspamd answered for user '" + name + "', who was not in the request"
                + " (does dspam.conf rewrite user names, e.g. StripRcptDomain?)", line);
        }

        void classified(DspamResult result, ReplyLine line) throws DlmtpSurprise {
            DspamUser user = requested(result.user().asString(), line);
            outcomes.put(user, UserOutcome.classified(result));
        }

        void notClassified(DspamUser user, String reason, ReplyLine line) {
            outcomes.put(user, UserOutcome.notClassified(user, reason));
        }

        void noAnswer(String reason) {
            for (DspamUser user : users) {
                outcomes.putIfAbsent(user, UserOutcome.notClassified(user, reason));
            }
        }

        DlmtpTransactionResult toResult(ResultStyle style) {
            List<UserOutcome> ordered = new ArrayList<>();
            for (DspamUser user : users) {
                ordered.add(outcomes.getOrDefault(user, UserOutcome.notClassified(user,
                    "dspamd returned no result line for this user (no tokens, unknown signature, message too large...)")));
            }
            return new DlmtpTransactionResult(style, ordered, summaryLines, lmtpReplies, returnedMessages);
        }
    }
}
