package io.jamesdspam.engine.statistics;

/**
 * How many words a token name joins (docs/ENGINE-SPEC.md §3.3(d), §3.4): 1 + the number of {@code +}
 * separators, where a {@code +} makes the byte after it skipped, and the number of {@code #}
 * placeholders of sparse keys.
 */
public final class TokenComplexity {
    private TokenComplexity() {
    }

    /** c = 1 + number of {@code +}, counting a {@code +} and skipping the byte after it. */
    public static int words(CharSequence name) {
        int c = 1;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '+') {
                c++;
                i++;
            }
        }
        return c;
    }

    /**
     * s = number of {@code #} placeholders: a {@code #} that stands alone between separators
     * (a leading {@code #+}, a trailing {@code +#}, and each {@code +#+}, neighbours sharing their
     * {@code +}, so that every OSB key weighs 4).
     */
    public static int placeholders(String name) {
        int s = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '#'
                && (i == 0 || name.charAt(i - 1) == '+')
                && (i == name.length() - 1 || name.charAt(i + 1) == '+')
                && name.length() > 1) {
                s++;
            }
        }
        return s;
    }

    /** Markov weight: 4^(c−s−1) when 1 ≤ c ≤ 5 and c−s−1 ≥ 0, else 1. */
    public static long markovWeight(String name) {
        int c = words(name);
        int s = placeholders(name);
        int exponent = c - s - 1;
        if (c >= 1 && c <= 5 && exponent >= 0) {
            return 1L << (2 * exponent);
        }
        return 1;
    }
}
