package io.jamesdspam.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * DSPAM's number formatting (docs/ENGINE-SPEC.md §9.4): glibc printf rounds the exact binary value of
 * the number, ties to even. {@code String.format("%.4f")} rounds differently (0.03125 gives
 * 0.0313 in Java, 0.0312 in C), so every DSPAM number is printed through here.
 */
public final class DspamNumberFormat {
    private DspamNumberFormat() {
    }

    /** {@code %01.4f}: probability in summaries and headers, confidence in headers. */
    public static String fourDecimals(double value) {
        return format(value, 4);
    }

    /** {@code %02.2f}: confidence in summary lines. */
    public static String twoDecimals(double value) {
        return format(value, 2);
    }

    /** {@code %2.5f}: a token's value in {@code X-DSPAM-Factors}. */
    public static String fiveDecimals(double value) {
        return format(value, 5);
    }

    public static String probability(double value) {
        return fourDecimals(value);
    }

    /** Confidence as {@code X-DSPAM-Confidence} shows it (four decimals). */
    public static String confidence(double value) {
        return fourDecimals(value);
    }

    /** Confidence as the summary line shows it (two decimals). */
    public static String summaryConfidence(double value) {
        return twoDecimals(value);
    }

    private static String format(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String text = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        // printf keeps the sign of negative values that round to zero ("-0.0000"); BigDecimal drops it.
        boolean negative = value < 0 || (value == 0.0 && 1 / value < 0);
        if (negative && !text.startsWith("-")) {
            return "-" + text;
        }
        return text;
    }
}
