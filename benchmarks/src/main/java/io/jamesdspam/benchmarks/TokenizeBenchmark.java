package io.jamesdspam.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import io.jamesdspam.engine.tokenize.MessageTokenizer;
import io.jamesdspam.engine.tokenize.TokenizerKind;
import io.jamesdspam.engine.tokenize.TokenizerSettings;

/**
 * Tokenizer throughput (docs/ENGINE-SPEC.md §1–§2, the engine's hot path): message bytes → diction for
 * the whole test fold (1,418 messages = one operation), OSB (reference C2) and CHAIN (C1). The
 * baseline copies every message and scans it once for token boundaries without MIME or
 * diction, so the ratio says what pre-processing, hashing and the diction cost on top of the
 * least any tokenizer must do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenizeBenchmark {
    private List<byte[]> messages;
    private MessageTokenizer osb;
    private MessageTokenizer chain;

    @Setup(Level.Trial)
    public void load() {
        messages = CorpusMessages.testFold();
        osb = new MessageTokenizer(TokenizerSettings.builder().kind(TokenizerKind.OSB).signatureLocation("headers").build());
        chain = new MessageTokenizer(TokenizerSettings.builder().kind(TokenizerKind.CHAIN).signatureLocation("headers").build());
    }

    /** Copy each message and count its space-separated words: a floor for any tokenizer. */
    @Benchmark
    public long baseline() {
        long words = 0;
        for (byte[] message : messages) {
            byte[] copy = message.clone();
            boolean inWord = false;
            for (byte b : copy) {
                boolean delimiter = b == ' ' || b == '\n' || b == '\t';
                if (!delimiter && !inWord) {
                    words++;
                }
                inWord = !delimiter;
            }
        }
        return words;
    }

    @Benchmark
    public void tokenizeOsb(Blackhole blackhole) {
        for (byte[] message : messages) {
            blackhole.consume(osb.tokenize(message, true).diction().size());
        }
    }

    @Benchmark
    public void tokenizeChain(Blackhole blackhole) {
        for (byte[] message : messages) {
            blackhole.consume(chain.tokenize(message, true).diction().size());
        }
    }
}
