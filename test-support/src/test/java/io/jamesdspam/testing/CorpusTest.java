package io.jamesdspam.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class CorpusTest {
    private final Corpus corpus = Corpus.load();

    @Test
    void holdsTheWholeCorpus() {
        assertThat(corpus.all()).hasSize(4829);
        assertThat(corpus.all().stream().filter(CorpusMessage::isSpam)).hasSize(1530);
    }

    @Test
    void standardFoldsHaveTheDocumentedSizes() {
        List<CorpusMessage> train = corpus.trainSet();
        List<CorpusMessage> test = corpus.testSet();

        assertThat(train).hasSize(3411);
        assertThat(train.stream().filter(CorpusMessage::isSpam)).hasSize(1065);
        assertThat(test).hasSize(1418);
        assertThat(test.stream().filter(CorpusMessage::isSpam)).hasSize(465);
    }

    @Test
    void foldsAreSortedBySha256AndDisjoint() {
        List<CorpusMessage> train = corpus.trainSet();
        assertThat(train).isSortedAccordingTo(Comparator.comparing(CorpusMessage::sha256));
        Set<String> trainPaths = train.stream().map(CorpusMessage::path).collect(Collectors.toSet());
        assertThat(corpus.testSet()).noneMatch(m -> trainPaths.contains(m.path()));
    }

    @Test
    void foldIsTheFirstEightHexDigitsOfTheSha256ModTen() {
        assertThat(corpus.all()).allSatisfy(m ->
            assertThat(Long.parseLong(m.sha256().substring(0, 8), 16) % 10).isEqualTo(m.fold()));
    }

    @Test
    void messagesAreReadableWithTheirManifestSize() {
        CorpusMessage first = corpus.trainSet().get(0);
        assertThat(first.bytes()).hasSize((int) first.size());
        assertThat(corpus.byPath("ham/easy-ham-1/00002.eml").kind()).isEqualTo(CorpusMessage.Kind.HAM);
    }

    @Test
    void crlfConversionLeavesNoBareLineFeed() {
        byte[] crlf = corpus.trainSet().get(0).crlfBytes();
        for (int i = 0; i < crlf.length; i++) {
            if (crlf[i] == '\n') {
                assertThat(crlf[i - 1]).isEqualTo((byte) '\r');
            }
        }
        assertThat(LineEndings.toCrlf("a\nb\r\nc\rd".getBytes())).isEqualTo("a\r\nb\r\nc\r\nd".getBytes());
    }
}
