package io.jamesdspam.engine.server;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.protocol.ProcessMode;
import io.jamesdspam.protocol.SummaryLine;

/**
 * What dspamd sends after the message (docs/PROTOCOL.md §6.1, fork behaviour):
 * <ol>
 *   <li>summary lines ({@code --classify} or {@code summary} in {@code --deliver}), one per user
 *       with a result, each followed by the user's message copy when {@code --stdout} and a
 *       delivery flag ask for it, then {@code .};</li>
 *   <li>otherwise, with {@code --stdout}, the copies of the users the message is delivered to,
 *       then {@code .} — if it is delivered to at least one;</li>
 *   <li>otherwise one LMTP reply per recipient; a user without result is reported INNOCENT, as
 *       dspamd "delivers" what it could not process.</li>
 * </ol>
 * A backend failure (a {@link io.jamesdspam.api.DspamException}) is answered as a failure of every
 * user: no summary line, or {@code 421 4.3.0 <user> Error occured during processing} in the LMTP
 * style so that a client retries.
 */
final class TransactionAnswer {
    private final TaggedMessage taggedMessage;
    private final boolean spamActionDelivers;

    TransactionAnswer(DlmtpServerSettings settings) {
        this.taggedMessage = new TaggedMessage(settings.improbabilityDrive());
        this.spamActionDelivers = settings.spamActionDelivers();
    }

    /**
     * @param users the transaction's users in RCPT order, then {@code --user} order
     * @param response the backend's answer; empty when the backend failed
     * @param dlmtp whether the session is DLMTP (LMTP replies then carry the verdict)
     */
    void write(ReplyWriter out, ProcessMode mode, List<DspamUser> users, Optional<DspamResponse> response,
               byte[] message, boolean dlmtp) throws IOException {
        ZonedDateTime now = ZonedDateTime.now();
        if (mode.wantsSummary()) {
            boolean copies = !mode.isClassify() && mode.wantsStdout() && mode.hasDeliveryFlags();
            for (DspamUser user : users) {
                Optional<DspamResult> result = result(response, user);
                if (result.isPresent()) {
                    out.payloadLine(SummaryLine.format(result.get()));
                    if (copies && delivered(mode, result.get())) {
                        out.payload(taggedMessage.render(result.get(), mode, message, now));
                    }
                }
            }
            out.reply(DlmtpReplies.END_OF_PAYLOAD);
            return;
        }
        if (mode.wantsStdout() && users.stream().anyMatch(user -> isDelivered(mode, result(response, user)))) {
            for (DspamUser user : users) {
                Optional<DspamResult> result = result(response, user);
                if (isDelivered(mode, result)) {
                    out.payload(taggedMessage.render(result.get(), mode, message, now));
                }
            }
            out.reply(DlmtpReplies.END_OF_PAYLOAD);
            return;
        }
        for (DspamUser user : users) {
            if (response.isEmpty()) {
                out.reply(DlmtpReplies.processingFailed(user.asString()));
            } else {
                out.reply(DlmtpReplies.accepted(user.asString(),
                    result(response, user).map(DspamResult::isSpam).orElse(false), dlmtp));
            }
        }
    }

    private boolean isDelivered(ProcessMode mode, Optional<DspamResult> result) {
        return result.isPresent() && delivered(mode, result.get());
    }

    private boolean delivered(ProcessMode mode, DspamResult result) {
        return mode.delivers(result.isSpam(), spamActionDelivers);
    }

    private static Optional<DspamResult> result(Optional<DspamResponse> response, DspamUser user) {
        return response.flatMap(r -> r.resultFor(user));
    }
}
