package io.jamesdspam.engine.message;

/**
 * What DSPAM reads from a part's Content-Type, Content-Transfer-Encoding and
 * Content-Disposition headers (docs/ENGINE-SPEC.md §1.2): prefix matches, ASCII case-insensitive.
 * Runs when the part's header section ends, so that a boundary given on a folded line is known
 * before the body is scanned.
 */
final class PartHeaderAnalysis {
    private PartHeaderAnalysis() {
    }

    static void analyse(MessagePart part, MimeStructureParser parser) {
        part.markAnalysed();
        for (MimeHeader header : part.headers()) {
            ByteBuilder data = header.data();
            byte[] bytes = data.array();
            int length = data.length();
            if (header.headingIs("Content-Type")) {
                contentType(part, parser, data, bytes, length);
            } else if (header.headingIs("Content-Transfer-Encoding")) {
                part.setEncoding(encoding(bytes, length));
            } else if (header.headingIs("Content-Disposition")) {
                part.setDisposition(disposition(bytes, length));
            }
        }
    }

    private static void contentType(MessagePart part, MimeStructureParser parser, ByteBuilder data, byte[] bytes, int length) {
        if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "text")) {
            MediaSubtype subtype = subtypeAt(bytes, length, 5, "plain", MediaSubtype.PLAIN, "html", MediaSubtype.HTML);
            part.setMediaType(MediaType.TEXT, subtype);
        } else if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "application")) {
            part.setMediaType(MediaType.APPLICATION,
                subtypeAt(bytes, length, 12, "dspam-signature", MediaSubtype.DSPAM_SIGNATURE, null, null));
        } else if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "message")) {
            part.setMediaType(MediaType.MESSAGE,
                subtypeAt(bytes, length, 8, "rfc822", MediaSubtype.RFC822, "inoculation", MediaSubtype.INOCULATION));
        } else if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "multipart")) {
            MediaSubtype subtype = MediaSubtype.OTHER;
            if (AsciiBytes.startsWithIgnoreCase(bytes, 10, length, "mixed")) {
                subtype = MediaSubtype.MIXED;
            } else if (AsciiBytes.startsWithIgnoreCase(bytes, 10, length, "alternative")) {
                subtype = MediaSubtype.ALTERNATIVE;
            } else if (AsciiBytes.startsWithIgnoreCase(bytes, 10, length, "signed")) {
                subtype = MediaSubtype.SIGNED;
            } else if (AsciiBytes.startsWithIgnoreCase(bytes, 10, length, "encrypted")) {
                subtype = MediaSubtype.ENCRYPTED;
            }
            part.setMediaType(MediaType.MULTIPART, subtype);
            parser.registerBoundaryFrom(data);
        } else {
            part.setMediaType(MediaType.OTHER, MediaSubtype.OTHER);
        }
    }

    private static MediaSubtype subtypeAt(byte[] bytes, int length, int offset,
                                          String first, MediaSubtype firstValue, String second, MediaSubtype secondValue) {
        if (AsciiBytes.startsWithIgnoreCase(bytes, offset, length, first)) {
            return firstValue;
        }
        if (second != null && AsciiBytes.startsWithIgnoreCase(bytes, offset, length, second)) {
            return secondValue;
        }
        return MediaSubtype.OTHER;
    }

    private static TransferEncoding encoding(byte[] bytes, int length) {
        if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "7bit")) {
            return TransferEncoding.SEVEN_BIT;
        }
        if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "8bit")) {
            return TransferEncoding.EIGHT_BIT;
        }
        if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "quoted-printable")) {
            return TransferEncoding.QUOTED_PRINTABLE;
        }
        if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "base64")) {
            return TransferEncoding.BASE64;
        }
        if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "binary")) {
            return TransferEncoding.BINARY;
        }
        return TransferEncoding.OTHER;
    }

    private static Disposition disposition(byte[] bytes, int length) {
        if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "inline")) {
            return Disposition.INLINE;
        }
        if (AsciiBytes.startsWithIgnoreCase(bytes, 0, length, "attachment")) {
            return Disposition.ATTACHMENT;
        }
        return Disposition.OTHER;
    }
}
