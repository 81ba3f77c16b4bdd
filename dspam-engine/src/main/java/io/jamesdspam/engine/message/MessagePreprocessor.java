package io.jamesdspam.engine.message;

import java.util.List;

/**
 * docs/ENGINE-SPEC.md §1 end to end: raw message bytes → HEADERS and BODY, following the agent path
 * (normative): input normalisation, MIME structure, the signature pre-scan's decoding side
 * effect, degeneration. Stateless and thread-safe.
 */
public final class MessagePreprocessor {
    private final boolean stripCarriageReturns;
    private final boolean signatureInHeaders;
    private final boolean trainPristine;

    /**
     * @param stripCarriageReturns CR LF → LF before parsing (the LMTP/daemon path)
     * @param signatureInHeaders preference {@code signatureLocation=headers}: pre-scan decoding keeps the
     *                           encoding, so no %XX decoding follows (§1.3)
     * @param trainPristine {@code trainPristine=on}: the agent does not look for a signature, so no pre-scan
     */
    public MessagePreprocessor(boolean stripCarriageReturns, boolean signatureInHeaders, boolean trainPristine) {
        this.stripCarriageReturns = stripCarriageReturns;
        this.signatureInHeaders = signatureInHeaders;
        this.trainPristine = trainPristine;
    }

    /**
     * @param classGiven true when the message comes with a class (training, retraining); an incoming
     *                   message without one has its {@code !DSPAM:…!} text erased (§1.3)
     */
    public DegeneratedMessage degenerate(byte[] rawMessage, boolean classGiven) {
        ByteBuilder input = InputNormalization.normalize(rawMessage, stripCarriageReturns);
        List<MessagePart> parts = MimeStructureParser.parse(input.array(), input.length());
        if (!trainPristine) {
            SignaturePreScan.apply(parts, signatureInHeaders, !classGiven);
        }
        return Degeneration.degenerate(parts);
    }
}
