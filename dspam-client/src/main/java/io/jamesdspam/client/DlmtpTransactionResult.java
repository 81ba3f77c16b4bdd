package io.jamesdspam.client;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.UserOutcome;

/**
 * What dspamd answered to one transaction: one outcome per user in request order, plus the
 * answer as it came (summary lines, LMTP replies, returned message copies) for tools that show
 * it verbatim, like the dspamc command line.
 */
public final class DlmtpTransactionResult {
    private final ResultStyle style;
    private final List<UserOutcome> outcomes;
    private final List<String> summaryLines;
    private final List<String> lmtpReplies;
    private final List<byte[]> returnedMessages;

    DlmtpTransactionResult(ResultStyle style, List<UserOutcome> outcomes, List<String> summaryLines,
                           List<String> lmtpReplies, List<byte[]> returnedMessages) {
        this.style = style;
        this.outcomes = List.copyOf(outcomes);
        this.summaryLines = List.copyOf(summaryLines);
        this.lmtpReplies = List.copyOf(lmtpReplies);
        this.returnedMessages = List.copyOf(returnedMessages);
    }

    public ResultStyle style() {
        return style;
    }

    public List<UserOutcome> outcomes() {
        return outcomes;
    }

    public Optional<UserOutcome> outcomeFor(DspamUser user) {
        return outcomes.stream().filter(o -> o.user().equals(user)).findFirst();
    }

    public DspamResponse asResponse() {
        return DspamResponse.of(outcomes);
    }

    /** The {@code X-DSPAM-Result:} lines exactly as received, without line ending. */
    public List<String> summaryLines() {
        return summaryLines;
    }

    /** Per-recipient LMTP replies as received (LMTP-reply style, or upstream's fallback). */
    public List<String> lmtpReplies() {
        return lmtpReplies;
    }

    /**
     * The message copies returned with {@code --stdout}, each without dspamd's
     * {@code X-Daemon-Classification:} line, LF line endings, not dot-stuffed (exactly the
     * message dspamd produced).
     */
    public List<byte[]> returnedMessages() {
        return returnedMessages.stream().map(byte[]::clone).collect(Collectors.toList());
    }

    @Override
    public String toString() {
        return "DlmtpTransactionResult{style=" + style + ", outcomes=" + outcomes + "}";
    }
}
