package io.jamesdspam.engine.message;

import java.util.ArrayList;
import java.util.List;

/**
 * One block of the actualised message (docs/ENGINE-SPEC.md §1.2): headers, body bytes and what DSPAM
 * made of its Content-* headers.
 */
public final class MessagePart {
    private final List<MimeHeader> headers = new ArrayList<>();
    private final ByteBuilder body = new ByteBuilder();
    private MediaType mediaType = MediaType.TEXT;
    private MediaSubtype subtype = MediaSubtype.PLAIN;
    private TransferEncoding encoding = TransferEncoding.UNKNOWN;
    private Disposition disposition = Disposition.UNKNOWN;
    private boolean analysed;
    private boolean originalKeptAside;

    public List<MimeHeader> headers() {
        return headers;
    }

    public ByteBuilder body() {
        return body;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    public MediaSubtype subtype() {
        return subtype;
    }

    public TransferEncoding encoding() {
        return encoding;
    }

    public Disposition disposition() {
        return disposition;
    }

    /** True when the signature pre-scan decoded the body but kept the original for re-assembly (§1.3). */
    public boolean originalKeptAside() {
        return originalKeptAside;
    }

    void setMediaType(MediaType mediaType, MediaSubtype subtype) {
        this.mediaType = mediaType;
        this.subtype = subtype;
    }

    void setEncoding(TransferEncoding encoding) {
        this.encoding = encoding;
    }

    void setDisposition(Disposition disposition) {
        this.disposition = disposition;
    }

    boolean analysed() {
        return analysed;
    }

    void markAnalysed() {
        analysed = true;
    }

    void markOriginalKeptAside() {
        originalKeptAside = true;
    }

    MimeHeader lastHeader() {
        return headers.isEmpty() ? null : headers.get(headers.size() - 1);
    }
}
