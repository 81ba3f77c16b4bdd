package io.jamesdspam.mailet.classify;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.PerRecipientHeaders;

import io.jamesdspam.model.DspamResult;

/**
 * The headers each recipient's copy gets, as the qpsmtpd plugin writes them:
 * {@code X-DSPAM-Result: Spam, probability=1.0000, confidence=0.99} and
 * {@code X-DSPAM-Signature: <id>} (or {@code N/A}). Per recipient, because each recipient has
 * their own dictionary and signature; the signature is what retraining reads later. When the
 * result carries DSPAM's {@code X-DSPAM-Factors} (preference {@code showFactors=on}), the copy
 * gets it too, folded with CRLF as a header in a message must be.
 */
public final class VerdictHeaders {
    public static final String RESULT = "X-DSPAM-Result";
    public static final String SIGNATURE = "X-DSPAM-Signature";
    public static final String FACTORS = "X-DSPAM-Factors";

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
}
