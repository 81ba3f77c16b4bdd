package io.jamesdspam.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** The benchmark's own code runs on the whole fold (timing is for run.sh, never asserted here). */
class TokenizeBenchmarkTest {

    @Test
    void tokenizesTheWholeTestFold() {
        TokenizeBenchmark benchmark = new TokenizeBenchmark();
        benchmark.load();
        Blackhole blackhole = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

        benchmark.tokenizeOsb(blackhole);
        benchmark.tokenizeChain(blackhole);

        assertThat(benchmark.baseline()).isPositive();
    }
}
