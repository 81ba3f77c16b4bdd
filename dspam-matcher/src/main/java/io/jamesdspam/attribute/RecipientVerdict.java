package io.jamesdspam.attribute;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import io.jamesdspam.model.DspamResult;

/**
 * What the Dspam mailet recorded for one recipient: a DSPAM result, or why there is none.
 */
public final class RecipientVerdict {

    /** Whether the recipient's copy was classified, and if not, why not. */
    public enum Status {
        /** DSPAM answered; the result fields are set. */
        CLASSIFIED,
        /** Deliberately not sent to DSPAM (too large, authenticated sender, not local...). */
        SKIPPED,
        /** DSPAM was asked but gave no result for this user (no tokens, ...). */
        NOT_CLASSIFIED,
        /** The backend failed (down, timeout, garbage); the mail was delivered unclassified. */
        FAILED;

        public String asString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Status parse(String value) {
            return Status.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private final Status status;
    private final Optional<DspamResult> result;
    private final Optional<String> reason;

    private RecipientVerdict(Status status, Optional<DspamResult> result, Optional<String> reason) {
        this.status = status;
        this.result = result;
        this.reason = reason;
    }

    public static RecipientVerdict classified(DspamResult result) {
        return new RecipientVerdict(Status.CLASSIFIED, Optional.of(result), Optional.empty());
    }

    public static RecipientVerdict skipped(String reason) {
        return new RecipientVerdict(Status.SKIPPED, Optional.empty(), Optional.of(reason));
    }

    public static RecipientVerdict notClassified(String reason) {
        return new RecipientVerdict(Status.NOT_CLASSIFIED, Optional.empty(), Optional.of(reason));
    }

    public static RecipientVerdict failed(String reason) {
        return new RecipientVerdict(Status.FAILED, Optional.empty(), Optional.of(reason));
    }

    static RecipientVerdict of(Status status, Optional<DspamResult> result, Optional<String> reason) {
        return new RecipientVerdict(status, result, reason);
    }

    public Status status() {
        return status;
    }

    public Optional<DspamResult> result() {
        return result;
    }

    public Optional<String> reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecipientVerdict)) {
            return false;
        }
        RecipientVerdict that = (RecipientVerdict) o;
        return status == that.status && result.equals(that.result) && reason.equals(that.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, result, reason);
    }

    @Override
    public String toString() {
        return status.asString() + result.map(r -> " " + r).orElse("") + reason.map(r -> " (" + r + ")").orElse("");
    }
}
