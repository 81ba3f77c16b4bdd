package io.jamesdspam.engine.message;

import java.util.List;

/**
 * The side effects of the agent's signature pre-scan (docs/ENGINE-SPEC.md §1.3): eligible base64/QP
 * parts are decoded in place before degeneration, and an incoming message's
 * {@code !DSPAM:<id>!} text is erased so that it makes no tokens. Finding the signature itself
 * (§8.4) is the engine's business, not the tokenizer's.
 */
final class SignaturePreScan {
    private static final byte[] TIGHT_MARKER = "!DSPAM:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int MAX_SIGNATURE_LENGTH = 127;

    private SignaturePreScan() {
    }

    static void apply(List<MessagePart> parts, boolean signatureInHeaders, boolean eraseSignatureText) {
        boolean signedSeen = false;
        for (int index = 0; index < parts.size(); index++) {
            MessagePart part = parts.get(index);
            if (part.mediaType() == MediaType.MULTIPART && part.subtype() == MediaSubtype.SIGNED) {
                signedSeen = true;
            }
            if (!eligible(part, index)) {
                continue;
            }
            TransferEncoding encoding = part.encoding();
            if ((encoding == TransferEncoding.BASE64 || encoding == TransferEncoding.QUOTED_PRINTABLE)
                && part.disposition() != Disposition.ATTACHMENT) {
                ByteBuilder body = part.body();
                ByteBuilder decoded = encoding == TransferEncoding.BASE64
                    ? Base64Decoding.decode(body.array(), 0, body.length())
                    : QuotedPrintableDecoding.decode(body.array(), 0, body.length());
                body.clear();
                body.append(decoded);
                if (signedSeen || signatureInHeaders) {
                    part.markOriginalKeptAside();
                } else {
                    part.setEncoding(TransferEncoding.EIGHT_BIT);
                    rewriteTransferEncodingHeader(part);
                }
            }
            if (eraseSignatureText && !signedSeen && !signatureInHeaders) {
                eraseTightSignature(part.body());
            }
        }
    }

    /** Parts the agent searches: TEXT, MESSAGE, or the first part when it is multipart. */
    static boolean eligible(MessagePart part, int index) {
        return part.mediaType() == MediaType.TEXT || part.mediaType() == MediaType.MESSAGE
            || (index == 0 && part.mediaType() == MediaType.MULTIPART);
    }

    private static void rewriteTransferEncodingHeader(MessagePart part) {
        for (MimeHeader header : part.headers()) {
            if (header.headingIs("Content-Transfer-Encoding")) {
                ByteBuilder eightBit = new ByteBuilder(4);
                eightBit.appendLatin1("8bit");
                header.replaceData(eightBit);
                return;
            }
        }
    }

    /** Removes {@code !DSPAM:} + id + its terminating byte (the id: letters, digits, spaces, commas). */
    private static void eraseTightSignature(ByteBuilder body) {
        byte[] bytes = body.array();
        int length = body.length();
        int start = indexOf(bytes, length, TIGHT_MARKER);
        if (start < 0) {
            return;
        }
        int i = start + TIGHT_MARKER.length;
        while (i < length && i - start - TIGHT_MARKER.length < MAX_SIGNATURE_LENGTH && isSignatureByte(bytes[i])) {
            i++;
        }
        int end = Math.min(i + 1, length);
        body.delete(start, end);
    }

    private static boolean isSignatureByte(byte b) {
        return AsciiBytes.isLetter(b) || AsciiBytes.isDigit(b) || b == ' ' || b == ',';
    }

    private static int indexOf(byte[] bytes, int length, byte[] needle) {
        for (int i = 0, last = length - needle.length; i <= last; i++) {
            if (AsciiBytes.startsWith(bytes, i, length, needle)) {
                return i;
            }
        }
        return -1;
    }
}
