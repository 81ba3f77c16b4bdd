package io.jamesdspam.engine.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;
import io.jamesdspam.testing.SampleMessages;

/** Bad input gets a clear outcome, never an exception, with memory bounded by the message. */
class BadInputTest {

    private static MessageTokenizer tokenizer(TokenizerKind kind) {
        return new MessageTokenizer(TokenizerSettings.builder().kind(kind).build());
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @EnumSource(TokenizerKind.class)
    void emptyMessageHasNoTokens(TokenizerKind kind) {
        TokenizedMessage tokenized = tokenizer(kind).tokenize(new byte[0]);
        assertThat(tokenized.diction().isEmpty()).isTrue();
        assertThat(tokenized.whitelistToken()).isEmpty();
        assertThat(tokenized.degeneratedText()).containsExactly(' ', 1, ' ');
        assertThat(tokenizer(kind).tokenize((byte[]) null).diction().isEmpty()).isTrue();
    }

    @Test
    void dictionLimitStopsTokenisationAndSaysSo() {
        MessageTokenizer small = new MessageTokenizer(TokenizerSettings.builder().kind(TokenizerKind.WORD).maxDictionSize(3).build());
        TokenizedMessage tokenized = small.tokenize(latin1("Subject: a b\n\nc d e"));
        assertThat(tokenized.truncated()).isTrue();
        assertThat(tokenized.diction().entriesInEmissionOrder()).extracting(Diction.Entry::name)
            .containsExactly("Subject*a", "Subject*b", "c");
        assertThat(tokenizer(TokenizerKind.WORD).tokenize(latin1("Subject: a b\n\nc d e")).truncated()).isFalse();
    }

    @Test
    void messageWithoutBodyHasHeaderTokensOnly() {
        TokenizedMessage tokenized = tokenizer(TokenizerKind.WORD).tokenize(latin1("Subject: only headers"));
        assertThat(tokenized.diction().entriesInEmissionOrder()).extracting(Diction.Entry::name)
            .containsExactly("Subject*only", "Subject*headers");
    }

    @ParameterizedTest
    @EnumSource(SampleMessages.class)
    void everySampleMessageTokenises(SampleMessages sample) {
        for (TokenizerKind kind : TokenizerKind.values()) {
            assertThat(tokenizer(kind).tokenize(sample.bytes()).diction().size()).as(sample + " " + kind).isPositive();
            assertThat(tokenizer(kind).tokenize(sample.crlfBytes()).diction().size()).as(sample + " crlf " + kind).isPositive();
        }
    }

    @Test
    void brokenMimeStillYieldsItsReadableText() {
        List<String> names = names(TokenizerKind.WORD, SampleMessages.BROKEN_MIME.bytes());
        assertThat(names).contains("Subject*broken", "Subject*mime");
    }

    @Test
    void invalidBase64DecodesToWhatItsAlphabetBytesGive() {
        String message = "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\n!!!! ####\n====\n";
        TokenizedMessage tokenized = tokenizer(TokenizerKind.WORD).tokenize(latin1(message));
        assertThat(tokenized.degenerated().body()).containsExactly(' ');
    }

    @Test
    void nulBytesNeverReachTokens() {
        byte[] message = latin1("Subject: a\u0000hidden\nX: b\n\nvisible\u0000gone\nnext line\n");
        List<String> names = names(TokenizerKind.WORD, message);
        assertThat(names).containsExactly("Subject*a", "X*b", "visible", "next", "line");
        String qpNul = "Content-Transfer-Encoding: quoted-printable\n\nbefore=00after\n";
        assertThat(names(TokenizerKind.WORD, latin1(qpNul)))
            .containsExactly("Content-Transfer-Encoding*8bit", "before");
    }

    /**
     * Sparse keys are hashed on from their anchor's id, and skip the NUL check of their own when their
     * text was found free of NUL. Pre-processing ends every line at a NUL (so none reaches a message's
     * tokens), hence the sequencer is fed directly: with NUL bytes in a heading, a header line and the
     * body, or none, every id is its name's id up to the first NUL.
     */
    @Test
    void sparseKeysHaveTheIdsOfTheirNamesWithAndWithoutNulBytes() {
        String[][] texts = {
            {"Subject", "cheap meds online now", "buy cheap meds online now without a prescription"},
            {"Sub\u0000ject", "cheap\u0000meds online now", "buy cheap\u0000meds online now\u0000without a prescription"},
        };
        for (boolean allSelections : List.of(false, true)) {
            for (String[] text : texts) {
                Diction diction = new Diction();
                SparseSequencer sequencer = new SparseSequencer(allSelections, new TokenWriter(diction, 100_000));
                byte[] heading = latin1(text[0]);
                byte[] line = latin1(text[1]);
                byte[] body = latin1(text[2]);
                sequencer.headerLine(heading, heading.length, line, 0, line.length);
                sequencer.body(body, body.length);

                // Names cut at a NUL share the id of what precedes it, so the NUL texts give fewer entries
                assertThat(diction.size()).isGreaterThan(8);
                for (Diction.Entry entry : diction.entries()) {
                    assertThat(entry.id()).as("%s %s", allSelections, entry.name()).isEqualTo(DspamCrc64.of(entry.name()));
                }
            }
        }
    }

    private static String nested(int depth) {
        StringBuilder message = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            message.append("Content-Type: multipart/mixed; boundary=\"b").append(i).append("x\"\n\n--b").append(i).append("x\n");
        }
        message.append("Content-Type: text/plain\n\ndeep text\n");
        for (int i = depth - 1; i >= 0; i--) {
            message.append("--b").append(i).append("x--\n");
        }
        return message.toString();
    }

    @Test
    void deeplyNestedMultipartsParseWithoutRecursion() {
        assertThat(names(TokenizerKind.OSB, latin1(nested(1_000)))).contains("Content-Type*text+plain", "deep+text");
        // beyond 1,024 boundaries the parser stops registering new ones (a guard against quadratic work):
        // the rest of the message is the body of the last nested multipart, ignored like any multipart body
        List<String> veryDeep = names(TokenizerKind.OSB, latin1(nested(50_000)));
        assertThat(veryDeep).contains("Content-Type*multipart+mixed").doesNotContain("deep+text");
    }

    @Test
    void twentyMegabyteMessage() {
        StringBuilder text = new StringBuilder("Subject: big message\nContent-Type: multipart/mixed; boundary=\"B\"\n\n--B\nContent-Type: text/plain\n\n");
        Random random = new Random(4);
        while (text.length() < 10_000_000) {
            text.append("word").append(random.nextInt(5_000)).append(' ');
            if (random.nextInt(12) == 0) {
                text.append('\n');
            }
        }
        text.append("\n--B\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n");
        while (text.length() < 20_000_000) {
            text.append("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODkr\n");
        }
        text.append("--B--\n");
        byte[] message = latin1(text.toString());
        for (TokenizerKind kind : TokenizerKind.values()) {
            TokenizedMessage tokenized = tokenizer(kind).tokenize(message);
            Diction diction = tokenized.diction();
            // 10 MB of text from a 5,000-word vocabulary: WORD stays small; bigrams and sparse keys run into
            // millions, so those dictions stop at the limit and say so; headers come first and are all there
            if (kind == TokenizerKind.WORD) {
                assertThat(tokenized.truncated()).isFalse();
                assertThat(diction.size()).isBetween(5_000, 5_100);
            } else {
                assertThat(tokenized.truncated()).as(kind.name()).isTrue();
                assertThat(diction.size()).as(kind.name()).isEqualTo(TokenizerSettings.DEFAULT_MAX_DICTION_SIZE);
            }
            String attachmentHeader = kind == TokenizerKind.WORD || kind == TokenizerKind.CHAIN
                ? "Content-Type*application/octet" : "Content-Type*application+octet-stream";
            assertThat(diction.contains(DspamCrc64.of(attachmentHeader))).as(kind.name()).isTrue();
            String subject = kind == TokenizerKind.OSB ? "Subject*big+message" : "Subject*big";
            assertThat(diction.contains(DspamCrc64.of(subject))).as(kind.name()).isTrue();
        }
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(20261125);
        byte[] alphabet = latin1("<>&#;=?:\n\r\t -!\"'/abcdefXYZ0123456789%_@.\u0000\u00e9\u0001");
        for (int round = 0; round < 300; round++) {
            byte[] message = new byte[random.nextInt(4_000)];
            for (int i = 0; i < message.length; i++) {
                message[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            String prefix = round % 3 == 0 ? "Content-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n"
                : round % 3 == 1 ? "Content-Type: multipart/mixed; boundary=\"a\"\n\n--a\nContent-Type: text/html\n\n" : "";
            byte[] whole = new byte[prefix.length() + message.length];
            System.arraycopy(latin1(prefix), 0, whole, 0, prefix.length());
            System.arraycopy(message, 0, whole, prefix.length(), message.length);
            for (TokenizerKind kind : TokenizerKind.values()) {
                assertThat(tokenizer(kind).tokenize(whole)).isNotNull();
            }
        }
    }

    @Test
    void everyCorpusMessageTokenisesWithEveryTokenizer() {
        List<CorpusMessage> all = Corpus.load().all();
        assertThat(all).hasSize(4_829);
        List<String> emptyOrTruncated = new ArrayList<>();
        int largest = 0;
        for (CorpusMessage message : all) {
            for (TokenizerKind kind : TokenizerKind.values()) {
                TokenizedMessage tokenized = tokenizer(kind).tokenize(message.bytes());
                if (tokenized.diction().isEmpty() || tokenized.truncated()) {
                    emptyOrTruncated.add(message.path() + " " + kind);
                }
                largest = Math.max(largest, tokenized.diction().size());
            }
        }
        assertThat(emptyOrTruncated).isEmpty();
        // the default limit leaves a wide margin over the largest corpus diction (186,404 entries, SBPH)
        assertThat(largest).isLessThan(TokenizerSettings.DEFAULT_MAX_DICTION_SIZE / 5);
    }

    private static List<String> names(TokenizerKind kind, byte[] message) {
        List<String> names = new ArrayList<>();
        tokenizer(kind).tokenize(message).diction().entriesInEmissionOrder().forEach(e -> names.add(e.name()));
        return names;
    }
}
