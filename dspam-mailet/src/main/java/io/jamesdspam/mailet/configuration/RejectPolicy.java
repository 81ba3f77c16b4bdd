package io.jamesdspam.mailet.configuration;

import java.util.Locale;
import java.util.Optional;

/**
 * When the SMTP hook refuses a mail (the qpsmtpd plugin's {@code reject}): never ({@code off},
 * the default), when DSPAM says spam with a confidence at least a threshold (what the plugin's
 * manual promises), or when DSPAM and SpamAssassin both say spam ({@code agree}).
 */
public final class RejectPolicy {
    /** The kind of policy. */
    public enum Kind {
        OFF, THRESHOLD, AGREE
    }

    private final Kind kind;
    private final double minimumConfidence;

    private RejectPolicy(Kind kind, double minimumConfidence) {
        this.kind = kind;
        this.minimumConfidence = minimumConfidence;
    }

    public static RejectPolicy off() {
        return new RejectPolicy(Kind.OFF, 0);
    }

    public static RejectPolicy agree() {
        return new RejectPolicy(Kind.AGREE, 0);
    }

    public static RejectPolicy threshold(double minimumConfidence) {
        if (!(minimumConfidence > 0.0 && minimumConfidence <= 1.0)) {
            throw new IllegalArgumentException("a reject threshold is a confidence in (0, 1], got " + minimumConfidence);
        }
        return new RejectPolicy(Kind.THRESHOLD, minimumConfidence);
    }

    /**
     * Parses {@code off} (also {@code 0}, empty), {@code agree} or a confidence in (0, 1]. Unlike
     * the plugin, any other word is an error rather than a silent "reject everything".
     */
    public static RejectPolicy parse(String value) {
        String trimmed = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (trimmed.isEmpty() || trimmed.equals("off") || trimmed.equals("false")) {
            return off();
        }
        if (trimmed.equals("agree")) {
            return agree();
        }
        double number;
        try {
            number = Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected off, agree or a confidence in (0, 1], got '" + value + "'");
        }
        return number == 0.0 ? off() : threshold(number);
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Double> minimumConfidence() {
        return kind == Kind.THRESHOLD ? Optional.of(minimumConfidence) : Optional.empty();
    }

    @Override
    public String toString() {
        return kind == Kind.THRESHOLD ? String.valueOf(minimumConfidence) : kind.name().toLowerCase(Locale.ROOT);
    }
}
