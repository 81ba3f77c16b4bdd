package io.jamesdspam.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** The benchmark's own code works on the whole fold (timing is for run.sh, never asserted here). */
class CorpusParsingBenchmarkTest {

    @Test
    void parsesTheWholeTestFoldWithoutFailing() throws Exception {
        CorpusParsingBenchmark benchmark = new CorpusParsingBenchmark();
        benchmark.loadCorpus();
        Blackhole blackhole = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

        benchmark.parseMime(blackhole);

        assertThat(benchmark.baseline()).isNotZero();
        assertThat(CorpusMessages.testFold()).hasSize(1418);
    }
}
