package io.jamesdspam.engine.bnr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.tokenize.DspamCrc64;

/** The precomputed pattern table names every window as §5.1 writes it, with that name's CRC-64. */
class PatternNamesTest {

    @Test
    void everyPatternHasItsNamesCrcAndADistinctName() {
        Set<String> names = new HashSet<>();
        Set<Long> ids = new HashSet<>();
        for (int pattern = 0; pattern < PatternNames.COUNT; pattern++) {
            String name = PatternNames.name(pattern);
            assertThat(PatternNames.id(pattern)).as(name).isEqualTo(DspamCrc64.of(name));
            names.add(name);
            ids.add(PatternNames.id(pattern));
        }
        assertThat(names).hasSize(2 * 21 * 21 * 21);
        assertThat(ids).hasSize(names.size());
    }

    @Test
    void indexesOldestFirstPerStream() {
        assertThat(PatternNames.name(PatternNames.index(0, 0, 8, 1))).isEqualTo("bnr.s|0.00_0.40_0.05_");
        assertThat(PatternNames.name(PatternNames.index(1, 20, 0, 19))).isEqualTo("bnr.c|1.00_0.00_0.95_");
        assertThat(PatternNames.name(PatternNames.index(0, 0, 0, 0))).isEqualTo("bnr.s|0.00_0.00_0.00_");
    }
}
