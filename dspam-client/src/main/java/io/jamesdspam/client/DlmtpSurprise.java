package io.jamesdspam.client;

import io.jamesdspam.api.DspamException;

/** Something dspamd sent that the protocol does not allow here; turned into a {@link DlmtpException}. */
final class DlmtpSurprise extends Exception {
    private static final long serialVersionUID = 1L;

    private final DspamException.Kind kind;
    private final String offendingLine;

    DlmtpSurprise(DspamException.Kind kind, String message, ReplyLine offendingLine) {
        super(message);
        this.kind = kind;
        this.offendingLine = offendingLine == null ? null : offendingLine.forError();
    }

    DlmtpSurprise(String message, ReplyLine offendingLine) {
        this(DspamException.Kind.PROTOCOL, message, offendingLine);
    }

    DspamException.Kind kind() {
        return kind;
    }

    String offendingLine() {
        return offendingLine;
    }
}
