package io.jamesdspam.benchmarks;

import java.util.List;
import java.util.stream.Collectors;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/** The corpus folds as byte arrays, loaded through the project's one corpus loader. */
public final class CorpusMessages {
    private CorpusMessages() {
    }

    public static List<byte[]> testFold() {
        return bytes(Corpus.load().testSet());
    }

    public static List<byte[]> trainFold() {
        return bytes(Corpus.load().trainSet());
    }

    private static List<byte[]> bytes(List<CorpusMessage> messages) {
        return messages.stream().map(CorpusMessage::bytes).collect(Collectors.toList());
    }
}
