package io.jamesdspam.engine.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/** One MessageTokenizer shared by several threads gives each message the diction it gets alone. */
class MessageTokenizerConcurrencyTest {

    private static List<Long> ids(TokenizedMessage tokenized) {
        return tokenized.diction().entries().stream().map(Diction.Entry::id).collect(Collectors.toList());
    }

    @Test
    void sharedTokenizerIsThreadSafe() throws Exception {
        MessageTokenizer tokenizer = new MessageTokenizer(TokenizerSettings.defaults());
        List<CorpusMessage> messages = Corpus.load().testSet().subList(0, 300);
        List<List<Long>> sequential = new ArrayList<>();
        for (CorpusMessage message : messages) {
            sequential.add(ids(tokenizer.tokenize(message.bytes())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (CorpusMessage message : messages) {
                    futures.add(pool.submit(() -> ids(tokenizer.tokenize(message.bytes()))));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(sequential.get(i % messages.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
