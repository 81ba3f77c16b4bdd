package io.jamesdspam.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * DSPAM's number formatting (docs/ENGINE-SPEC.md §9.4): glibc printf rounds the exact binary value of
 * the number, ties to even. {@code String.format("%.4f")} rounds differently (0.03125 gives
 * 0.0313 in Java, 0.0312 in C), so every DSPAM number is printed through here.
 */
public final class DspamNumberFormat {
    /**
     * What printf's {@code %f} writes for a finite value: digits with an optional fraction and
     * sign. {@link Double#parseDouble} also takes {@code NaN}, {@code Infinity}, exponents, hex
     * floats and a trailing {@code d}, none of which DSPAM writes.
     */
    private static final Pattern PRINTF_DECIMAL = Pattern.compile("-?[0-9]{1,9}(\\.[0-9]{1,17})?");

    private DspamNumberFormat() {
    }

    /**
     * Reads a probability or confidence as a peer printed it: a plain decimal in [0, 1]
     * ({@code -0.0000} included, printf's negative zero).
     *
     * @throws IllegalArgumentException naming the field when the text is not such a number
     */
    public static double parseFraction(String field, String text) {
        if (text == null || !PRINTF_DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException(field + " '" + text + "' is not a decimal number");
        }
        double value = Double.parseDouble(text);
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + " " + text + " is outside [0, 1]");
        }
        return value;
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
