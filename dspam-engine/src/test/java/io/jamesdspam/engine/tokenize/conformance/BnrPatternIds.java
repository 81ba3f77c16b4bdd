package io.jamesdspam.engine.tokenize.conformance;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.jamesdspam.engine.tokenize.DspamCrc64;

/**
 * Every id a BNR pattern token can have (docs/ENGINE-SPEC.md §5): {@code bnr.s|} or {@code bnr.c|} and
 * three values r/100 (r a multiple of 5, 0…100) each followed by {@code _}, plus {@code bnr.t|}.
 * Engine-core adds these to the store; the tokenizer does not, so they separate the reference
 * store into "ours" and "BNR".
 */
final class BnrPatternIds {
    static final Set<Long> ALL = build();

    private BnrPatternIds() {
    }

    private static Set<Long> build() {
        Set<Long> ids = new HashSet<>();
        ids.add(DspamCrc64.of("bnr.t|"));
        for (String stream : new String[] {"s", "c"}) {
            for (int a = 0; a <= 100; a += 5) {
                for (int b = 0; b <= 100; b += 5) {
                    for (int c = 0; c <= 100; c += 5) {
                        ids.add(DspamCrc64.of("bnr." + stream + "|" + value(a) + value(b) + value(c)));
                    }
                }
            }
        }
        return ids;
    }

    private static String value(int percent) {
        return String.format(Locale.ROOT, "%d.%02d_", percent / 100, percent % 100);
    }
}
