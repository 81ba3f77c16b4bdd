package io.jamesdspam.engine.tokenize.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.engine.tokenize.MessageTokenizer;
import io.jamesdspam.engine.tokenize.TokenizerKind;
import io.jamesdspam.engine.tokenize.TokenizerSettings;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * Token-store conformance without engine-core: corpus training adds +1 to the message's class
 * column for every diction entry, so summing our dictions over the TRAIN set (reference order
 * and settings: ProcessorURLContext on, whitelist on, signatureLocation=headers) must give the
 * reference store minus its BNR pattern tokens. The BNR tokens are told apart by their ids
 * (every possible {@code bnr.} name is enumerable); BNR hapaxes are recovered from the bucket
 * digests: a bucket whose BNR hapaxes can be placed in few enough ways is proven byte for byte by
 * its sha256, the others by their token count, hit sums and hapax counts.
 */
class TokenStoreConformanceTest {
    private static List<CorpusMessage> trainSet;

    @BeforeAll
    static void loadCorpus() {
        trainSet = Corpus.load().trainSet();
    }

    private static TokenCounts.Rows train(TokenizerKind kind) {
        MessageTokenizer tokenizer = new MessageTokenizer(TokenizerSettings.builder().kind(kind)
            .urlContext(true).whitelistToken(true).signatureLocation("headers").build());
        TokenCounts counts = new TokenCounts();
        for (CorpusMessage message : trainSet) {
            for (Diction.Entry entry : tokenizer.tokenize(message.bytes(), true).diction().entriesInEmissionOrder()) {
                counts.add(entry.id(), message.isSpam());
            }
        }
        return counts.sortedRows();
    }

    @Test
    void chainStoreEqualsReferenceC1S1() {
        StoreReconstruction result = StoreReconstruction.compare(train(TokenizerKind.CHAIN), ReferenceTokenStore.load("C1-S1"));

        assertThat(result.hits2plusMismatches).isEmpty();
        assertThat(result.matchingHits2plus).isEqualTo(176_298);
        assertThat(result.bnrHits2plus).isEqualTo(13_274);
        assertThat(result.inconsistentBuckets).isEmpty();
        assertThat(result.shaMismatchBuckets).isEmpty();
        // 1,004 of 1,024 buckets byte for byte; the other 20 have too many possible BNR hapax placements
        // to search, and their token count, hit sums and hapax counts all match
        assertThat(result.bucketsProvenBySha256).isEqualTo(1_004);
        assertThat(result.bucketsProvenByCounters).isEqualTo(20);
    }

    @Test
    void osbStoreEqualsReferenceC2S1() {
        StoreReconstruction result = StoreReconstruction.compare(train(TokenizerKind.OSB), ReferenceTokenStore.load("C2-S1"));

        assertThat(result.hits2plusMismatches).isEmpty();
        assertThat(result.matchingHits2plus).isEqualTo(527_107);
        assertThat(result.bnrHits2plus).isEqualTo(7_505);
        assertThat(result.inconsistentBuckets).isEmpty();
        assertThat(result.shaMismatchBuckets).isEmpty();
        assertThat(result.bucketsProvenBySha256).isEqualTo(1_014);
        assertThat(result.bucketsProvenByCounters).isEqualTo(10);
    }
}
