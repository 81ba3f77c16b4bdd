package io.jamesdspam.mailet.classify;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;

import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.model.DspamResult;

/**
 * The headers each recipient's copy gets, as the qpsmtpd plugin writes them:
 * {@code X-DSPAM-Result: Spam, probability=1.0000, confidence=0.99} and
 * {@code X-DSPAM-Signature: <id>} (or {@code N/A}). Per recipient, because each recipient has
 * their own dictionary and signature; the signature is what retraining reads later. When the
 * result carries DSPAM's {@code X-DSPAM-Factors} (preference {@code showFactors=on}), the copy
 * gets it too, folded with CRLF as a header in a message must be.
 *
 * <p>A copy DSPAM failed to classify (backend down, timeout, the store's disk full) or gave no
 * result for gets {@code X-DSPAM-Unclassified: <why>} instead, so that whoever reads the mail sees
 * why it carries no verdict: the reason's category only ({@code store failure}, {@code timeout},
 * {@code unreachable}, {@code the message has no tokens}…), never the full reason, which may name
 * the store's paths or hold a peer's bytes: that stays in the {@code dspam.result} attribute and the log.
 */
public final class VerdictHeaders {
    public static final String RESULT = "X-DSPAM-Result";
    public static final String SIGNATURE = "X-DSPAM-Signature";
    public static final String FACTORS = "X-DSPAM-Factors";
    public static final String UNCLASSIFIED = "X-DSPAM-Unclassified";
    private static final int MAX_WHY_LENGTH = 80;

    private VerdictHeaders() {
    }

    public static void add(Mail mail, MailAddress recipient, DspamResult result) {
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder()
            .name(RESULT).value(result.asHeaderValue()).build(), recipient);
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder()
            .name(SIGNATURE).value(result.signatureHeaderValue()).build(), recipient);
        String factors = result.returnedHeaders().get(FACTORS);
        if (factors != null) {
            mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder()
                .name(FACTORS).value(factors.replaceAll("\r?\n", "\r\n")).build(), recipient);
        }
    }

    /** For a failed or not classified verdict, the header saying why; nothing for a skipped one (a rule, not a fault). */
    public static void addUnclassified(Mail mail, MailAddress recipient, RecipientVerdict verdict) {
        if (verdict.status() != RecipientVerdict.Status.FAILED && verdict.status() != RecipientVerdict.Status.NOT_CLASSIFIED) {
            return;
        }
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder()
            .name(UNCLASSIFIED).value(why(verdict.reason().orElse("no result"))).build(), recipient);
    }

    /** The reason's category: what comes before its first colon, in plain words only (a peer may have written it). */
    static String why(String reason) {
        String category = reason.split(":", 2)[0].replaceAll("[^A-Za-z0-9 ._()-]", " ").replaceAll(" +", " ").trim();
        if (category.length() > MAX_WHY_LENGTH) {
            category = category.substring(0, MAX_WHY_LENGTH).trim();
        }
        return category.isEmpty() ? "no result" : category;
    }
}
