package io.jamesdspam.engine.decision;

import java.util.List;

import io.jamesdspam.engine.combine.RecordedFactor;
import io.jamesdspam.model.DspamNumberFormat;

/**
 * {@code X-DSPAM-Factors} as DSPAM writes it (docs/ENGINE-SPEC.md §9, checked against the 1,418 headers
 * of the reference's factors pass): the count, then for each factor {@code ,} LF TAB
 * {@code <name>, <value>}, the value {@code %2.5f} with glibc's rounding.
 *
 * <p>Names are byte strings: every byte outside 0x20–0x7E, and {@code %}, is written
 * {@code %xx} in lower-case hex. The spec's two limits were never reached in the reference (its
 * longest name has 80 bytes, its longest header 27 factors), so they are applied conservatively:
 * a name is cut at 112 output bytes without splitting an escape, and factors that would take the
 * whole header line past 10,239 bytes are left out (the count still says how many were chosen).
 */
public final class FactorsHeader {
    public static final String NAME = "X-DSPAM-Factors";
    static final int MAX_NAME_BYTES = 112;
    static final int MAX_HEADER_BYTES = 10_239;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private FactorsHeader() {
    }

    /** The header's value, what follows {@code X-DSPAM-Factors: }. */
    public static String value(List<RecordedFactor> factors) {
        StringBuilder value = new StringBuilder(16 + factors.size() * 48).append(factors.size());
        int budget = MAX_HEADER_BYTES - NAME.length() - 2;
        for (RecordedFactor factor : factors) {
            String line = ",\n\t" + escapedName(factor.name()) + ", "
                + DspamNumberFormat.fiveDecimals(factor.value());
            if (value.length() + line.length() > budget) {
                break;
            }
            value.append(line);
        }
        return value.toString();
    }

    /** The whole header line without its line end: {@code X-DSPAM-Factors: <value>}. */
    public static String line(List<RecordedFactor> factors) {
        return NAME + ": " + value(factors);
    }

    /** A token name (one char per byte) as the header writes it: escaped, cut at 112 bytes. */
    public static String escapedName(String name) {
        StringBuilder escaped = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            int b = name.charAt(i) & 0xff;
            boolean plain = b >= 0x20 && b <= 0x7e && b != '%';
            int width = plain ? 1 : 3;
            if (escaped.length() + width > MAX_NAME_BYTES) {
                break;
            }
            if (plain) {
                escaped.append((char) b);
            } else {
                escaped.append('%').append(HEX[b >> 4]).append(HEX[b & 0xf]);
            }
        }
        return escaped.toString();
    }
}
