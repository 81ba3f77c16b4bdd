package io.jamesdspam.engine.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.message.DegeneratedMessage;

/** docs/ENGINE-SPEC.md §2.1–§2.5, checklist items 3–5, quirks 1–5 of §13, one by one. */
class TokenizerQuirksTest {

    private static TokenizedMessage tokenize(TokenizerSettings.Builder settings, String message) {
        return new MessageTokenizer(settings.build()).tokenize(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static List<String> names(TokenizerSettings.Builder settings, String message) {
        return tokenize(settings, message).diction().entriesInEmissionOrder().stream().map(Diction.Entry::name)
            .collect(Collectors.toList());
    }

    private static TokenizerSettings.Builder plain(TokenizerKind kind) {
        return TokenizerSettings.builder().kind(kind).urlContext(false).whitelistToken(false);
    }

    private static List<String> body(TokenizerKind kind, String body) {
        return names(plain(kind), "X: y\n\n" + body).stream().filter(n -> !n.startsWith("X*")).collect(Collectors.toList());
    }

    @Nested
    class LengthFilter {
        @Test
        void keepsOneToFortyNineBytes() {
            String t49 = "a".repeat(49);
            String t50 = "b".repeat(50);
            assertThat(body(TokenizerKind.WORD, "x " + t49 + " " + t50 + " y")).containsExactly("x", t49, "y");
            assertThat(body(TokenizerKind.OSB, "x " + t50 + " y")).containsExactly("x+y");
        }

        @Test
        void chainLinksAcrossSkippedLongTokens() {
            assertThat(body(TokenizerKind.CHAIN, "left " + "z".repeat(60) + " right")).containsExactly("left", "right", "left+right");
        }

        @Test
        void lengthIsMeasuredBeforeExclamationTruncation() {
            String fortyEight = "c".repeat(48);
            assertThat(body(TokenizerKind.WORD, fortyEight + "!!")).isEmpty();
            assertThat(body(TokenizerKind.WORD, fortyEight + "!")).containsExactly(fortyEight + "!");
        }
    }

    @Nested
    class ExclamationTruncation {
        @Test
        void wordAndChainTruncate() {
            assertThat(body(TokenizerKind.WORD, "free!!! a!b !x ! wow!")).containsExactly("free!", "a!", "!", "wow!");
            assertThat(body(TokenizerKind.CHAIN, "free!!! a!b")).containsExactly("free!", "a!", "free!+a!");
        }

        @Test
        void sparseTokensAreNotTruncated() {
            assertThat(body(TokenizerKind.OSB, "free!!! a!b")).containsExactly("free!!!+a!b");
        }

        @Test
        void headersTruncateToo() {
            assertThat(names(plain(TokenizerKind.WORD), "Subject: Free money!!\n\n")).contains("Subject*money!");
        }
    }

    @Nested
    class DelimitersAndBytes {
        @Test
        void bodyDelimitersOfWordAndChain() {
            assertThat(body(TokenizerKind.WORD, "a.b,c;d:e\tf\rg@h-i+j*k l/m_n=o\"p"))
                .containsExactly("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l/m_n=o\"p");
        }

        @Test
        void headersOfWordAndChainKeepTheDot() {
            assertThat(names(plain(TokenizerKind.WORD), "Received: mail.example.com\n\n")).containsExactly("Received*mail.example.com");
        }

        @Test
        void sparseBodyDelimiters() {
            assertThat(body(TokenizerKind.SBPH, "a/b\\c[d]e}f{g=h_i(j)k<l>m|n&o~p`q?r#s$t%u^v\"w!x")).hasSize(16 + 16 + 16 + 16
                + 16 + 16 + 16 + 16 + 16 + 16 + 16 + 16 + 16 + 16 + 16 + 16 + 16 + 16 + 16 + 8 + 4 + 2 + 1);
        }

        @Test
        void sparseHeadersKeepDotUnderscoreAndDash() {
            assertThat(names(plain(TokenizerKind.OSB), "Subject: a.b c_d e-f g/h\n\n"))
                .containsExactly("Subject*a.b+c_d", "Subject*a.b+#+e-f", "Subject*a.b+#+#+g", "Subject*a.b+#+#+#+h",
                    "Subject*c_d+e-f", "Subject*c_d+#+g", "Subject*c_d+#+#+h", "Subject*e-f+g", "Subject*e-f+#+h", "Subject*g+h");
        }

        @Test
        void noCaseFoldingAndEightBitBytesAreTokenBytes() {
            assertThat(body(TokenizerKind.WORD, "Free free FREE caf\u00e9 \u00e9t\u00e9")).containsExactly("Free", "free", "FREE", "caf\u00e9", "\u00e9t\u00e9");
        }

        @Test
        void exclamationNeverSplits() {
            assertThat(body(TokenizerKind.WORD, "a!b!c")).containsExactly("a!b!");
        }
    }

    @Nested
    class HeaderLines {
        @Test
        void continuationLineKeepsOnlyItsTextBeforeTheFirstColon() {
            String message = "Received: from a\n\tby b; Wed, 2 Oct 2002 11:45:14 +0100\n\n";
            assertThat(names(plain(TokenizerKind.WORD), message)).containsExactly(
                "Received*from", "Received*a", "Received*by", "Received*b", "Received*Wed", "Received*2", "Received*Oct",
                "Received*2002", "Received*11");
        }

        @Test
        void firstFieldWithASpaceIsAContinuation() {
            assertThat(names(plain(TokenizerKind.WORD), "Subject: s\nNot A Heading: x\n\n"))
                .containsExactly("Subject*s", "Subject*Not", "Subject*A", "Subject*Heading");
        }

        @Test
        void leadingColonsAreSkippedForTheHeading() {
            DegeneratedMessage degenerated = new DegeneratedMessage("::Odd: v\n".getBytes(StandardCharsets.ISO_8859_1), new byte[] {' '});
            assertThat(new MessageTokenizer(plain(TokenizerKind.WORD).build()).tokenizeDegenerated(degenerated).diction().entriesInEmissionOrder())
                .extracting(Diction.Entry::name).containsExactly("Odd*v");
        }

        @Test
        void chainAndWindowStartAfreshOnEveryLine() {
            assertThat(names(plain(TokenizerKind.CHAIN), "Subject: a b\n c\n\n"))
                .containsExactly("Subject*a", "Subject*b", "Subject*a+b", "Subject*c");
            assertThat(names(plain(TokenizerKind.OSB), "Subject: a b\n c d\n\n")).containsExactly("Subject*a+b", "Subject*c+d");
        }

        @Test
        void mboxSeparatorLineIsParsedAsAHeaderThenContinuesTheEmptyHeading() {
            assertThat(names(plain(TokenizerKind.WORD), "From a@b Mon Jan  1 10:00:00 2002\nSubject: s\n\n"))
                .containsExactly("*From", "*a", "*b", "*Mon", "*Jan", "*1", "*10", "Subject*s");
        }

        @Test
        void xDspamHeadersAndIgnoreHeaderMakeNoTokens() {
            String message = "X-DSPAM-Result: Spam\nx-dspam-lower: kept\nX-Mailer: m\nSubject: s\n\n";
            assertThat(names(plain(TokenizerKind.WORD).ignoreHeader("x-mailer"), message))
                .containsExactly("x-dspam-lower*kept", "Subject*s");
        }

        @Test
        void sparseHeaderKeysAreCutAt255Bytes() {
            String heading = "H".repeat(127);
            String word = "w".repeat(49);
            List<String> keys = names(plain(TokenizerKind.SBPH), heading + "X: " + String.join(" ", word, word, word, word, word) + "\n\n");
            assertThat(keys).allMatch(k -> k.length() <= 255).anyMatch(k -> k.length() == 255);
            assertThat(keys.get(0)).isEqualTo(heading + "*" + word);
        }
    }

    @Nested
    class WhitelistToken {
        private final TokenizerSettings.Builder whitelist = TokenizerSettings.builder().kind(TokenizerKind.WORD).urlContext(false);

        @Test
        void fromLineGivesTheTokenFirst() {
            TokenizedMessage tokenized = tokenize(whitelist, "From: Alice <alice@example.com>\n\n");
            assertThat(tokenized.whitelistToken()).contains("From*Alice <alice@example.com>");
            assertThat(tokenized.diction().entriesInEmissionOrder().get(0).name()).isEqualTo("From*Alice <alice@example.com>");
        }

        @Test
        void onlyWhenWhitelistingIsOn() {
            TokenizedMessage tokenized = tokenize(plain(TokenizerKind.WORD), "From: Alice <alice@example.com>\n\n");
            assertThat(tokenized.whitelistToken()).isEmpty();
            assertThat(tokenized.diction().entriesInEmissionOrder()).extracting(Diction.Entry::name).doesNotContain("From*Alice <alice@example.com>");
        }

        @Test
        void foldedFromLineMakesASecondOddTokenThatWins() {
            TokenizedMessage tokenized = tokenize(whitelist, "From: Alice\n   <alice@example.com>\n\n");
            assertThat(tokenized.diction().entriesInEmissionOrder()).extracting(Diction.Entry::name)
                .containsExactly("From*Alice", "From*lice@example.com>", "From*<alice", "From*example.com>");
            assertThat(tokenized.whitelistToken()).contains("From*lice@example.com>");
        }

        @Test
        void shortContinuationGivesAnEmptyValue() {
            assertThat(tokenize(whitelist, "From: a\n b\n\n").whitelistToken()).contains("From*");
        }

        @Test
        void continuationCutAtItsColonWhenAtOrAfterOffsetFive() {
            assertThat(tokenize(whitelist, "From: a\n bobby: x\n\n").whitelistToken()).contains("From*y");
        }

        @Test
        void carriageReturnStaysWhenNotStripped() {
            TokenizedMessage tokenized = tokenize(whitelist.stripCarriageReturns(false), "From: a@b\r\n\r\n");
            assertThat(tokenized.whitelistToken()).contains("From*a@b\r");
        }

        @Test
        void lastFromLineWinsAndIgnoredFromStillCounts() {
            TokenizedMessage tokenized = tokenize(whitelist.ignoreHeader("From"), "From: first\nFrom: second\n\n");
            assertThat(tokenized.whitelistToken()).contains("From*second");
            assertThat(tokenized.diction().entriesInEmissionOrder()).extracting(Diction.Entry::name)
                .containsExactly("From*first", "From*second");
        }

        @Test
        void headingMustBeExactlyFrom() {
            assertThat(tokenize(whitelist, "FROM: a\nfrom: b\n\n").whitelistToken()).isEmpty();
        }

        @Test
        void tokenIsCutAt255Bytes() {
            assertThat(tokenize(whitelist, "From: " + "n".repeat(400) + "\n\n").whitelistToken()).hasValueSatisfying(
                t -> assertThat(t).hasSize(255));
        }
    }

    @Nested
    class UrlContext {
        private List<String> urls(String body) {
            return names(TokenizerSettings.builder().kind(TokenizerKind.WORD).whitelistToken(false), "X: y\n\n" + body);
        }

        @Test
        void keysInOrderEachBlankedAfterwards() {
            assertThat(urls("go www.Example.com/a.b or HTTP://x.org/q?a=1&b=2 now"))
                .containsExactly("Url*HTTP", "Url*//x", "Url*org/q?a=1&b=2", "Url*www", "Url*Example", "Url*com/a", "Url*b",
                    "X*y", "go", "or", "now");
        }

        @Test
        void quotesAreAllowedOnlyWithinTheKeyLength() {
            assertThat(urls("<a href=\"http://x.com/a\">")).containsExactly("Url*http", "Url*//x", "Url*com/a", "Url*href=\"", "X*y", "<a", "\">");
        }

        @Test
        void extentStopsAtGreaterThanWhitespaceAndEightBitBytes() {
            assertThat(urls("http://a>b http://c\u00e9d")).containsExactly("Url*http", "Url*//a", "Url*//c", "X*y", ">b", "\u00e9d");
        }

        @Test
        void urlPiecesHaveNoLengthFilterNorTruncation() {
            String path = "p".repeat(80);
            assertThat(urls("http://h/" + path + "!!")).containsExactly("Url*http", "Url*//h/" + path + "!!", "X*y");
        }

        @Test
        void sparseTokenizersGetTheSameUrlTokens() {
            List<String> names = names(TokenizerSettings.builder().kind(TokenizerKind.OSB).whitelistToken(false),
                "X: y\n\nsee http://h.com now");
            assertThat(names).containsExactly("Url*http", "Url*//h", "Url*com", "see+now");
        }
    }

    @Nested
    class DictionAndStreams {
        @Test
        void repeatedTokensCollapseWithFrequency() {
            Diction diction = tokenize(plain(TokenizerKind.WORD), "Subject: spam\n\nspam spam eggs").diction();
            assertThat(diction.get(DspamCrc64.of("spam")).frequency()).isEqualTo(2);
            assertThat(diction.get(DspamCrc64.of("Subject*spam")).frequency()).isEqualTo(1);
            assertThat(names(diction, diction.streamS())).containsExactly("spam", "spam", "eggs");
            assertThat(diction.streamC()).isEmpty();
        }

        @Test
        void chainStreams() {
            Diction diction = tokenize(plain(TokenizerKind.CHAIN), "Subject: s t\n\na b c").diction();
            assertThat(names(diction, diction.streamS())).containsExactly("a", "b", "c");
            assertThat(names(diction, diction.streamC())).containsExactly("a+b", "b+c");
        }

        @Test
        void sparseStreamHoldsHeaderAndBodyKeys() {
            Diction diction = tokenize(plain(TokenizerKind.OSB), "Subject: s t\n\na b").diction();
            assertThat(names(diction, diction.streamS())).containsExactly("Subject*s+t", "a+b");
            assertThat(diction.streamC()).isEmpty();
        }

        @Test
        void iterationOrderIsBucketThenFirstEmission() {
            Diction diction = tokenize(plain(TokenizerKind.OSB), CompleteExampleTest.MESSAGE).diction();
            List<Diction.Entry> entries = diction.entries();
            for (int i = 1; i < entries.size(); i++) {
                long previous = Long.remainderUnsigned(entries.get(i - 1).id(), Diction.BUCKETS);
                long current = Long.remainderUnsigned(entries.get(i).id(), Diction.BUCKETS);
                assertThat(previous).isLessThanOrEqualTo(current);
            }
            assertThat(entries).hasSameElementsAs(diction.entriesInEmissionOrder());
        }

        @Test
        void sbphEmitsEverySelectionInMaskOrder() {
            assertThat(body(TokenizerKind.SBPH, "a b c d e f")).startsWith(
                "a", "a+b", "a+#+c", "a+b+c", "a+#+#+d", "a+b+#+d", "a+#+c+d", "a+b+c+d", "a+#+#+#+e", "a+b+#+#+e",
                "a+#+c+#+e", "a+b+c+#+e", "a+#+#+d+e", "a+b+#+d+e", "a+#+c+d+e", "a+b+c+d+e", "b");
        }
    }

    @Test
    void tokenizerKindParsesDspamConfSpellings() {
        assertThat(TokenizerKind.parse("word")).isEqualTo(TokenizerKind.WORD);
        assertThat(TokenizerKind.parse("chain")).isEqualTo(TokenizerKind.CHAIN);
        assertThat(TokenizerKind.parse(" Chained ")).isEqualTo(TokenizerKind.CHAIN);
        assertThat(TokenizerKind.parse("sbph")).isEqualTo(TokenizerKind.SBPH);
        assertThat(TokenizerKind.parse("OSB")).isEqualTo(TokenizerKind.OSB);
        Assertions.assertThatThrownBy(() -> TokenizerKind.parse("bigram"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Tokenizer").hasMessageContaining("bigram");
    }

    /** The names of a stream's positions. */
    private static List<String> names(Diction diction, int[] stream) {
        return Arrays.stream(stream).mapToObj(index -> diction.entryAt(index).name()).collect(Collectors.toList());
    }
}
