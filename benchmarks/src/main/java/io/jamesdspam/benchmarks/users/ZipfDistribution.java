package io.jamesdspam.benchmarks.users;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Which user a mail is for: rank k of n gets mail with probability proportional to 1/k^s, the
 * shape measured for mailbox traffic (a few users get much of the mail, most get little).
 */
final class ZipfDistribution {
    private final double[] cumulative;

    ZipfDistribution(int users, double exponent) {
        cumulative = new double[users];
        double sum = 0;
        for (int rank = 1; rank <= users; rank++) {
            sum += 1.0 / Math.pow(rank, exponent);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < users; i++) {
            cumulative[i] /= sum;
        }
    }

    /** A user index in {@code [0, users)}; index 0 is the busiest. */
    int next(SplittableRandom random) {
        int found = Arrays.binarySearch(cumulative, random.nextDouble());
        int index = found >= 0 ? found : -found - 1;
        return Math.min(index, cumulative.length - 1);
    }
}
