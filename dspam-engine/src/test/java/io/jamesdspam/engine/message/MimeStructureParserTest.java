package io.jamesdspam.engine.message;

import static io.jamesdspam.engine.message.Latin1.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** docs/ENGINE-SPEC.md §1.2. */
class MimeStructureParserTest {

    private static List<MessagePart> parse(String message) {
        return MimeStructureParser.parse(bytes(message));
    }

    @Test
    void singlePartDefaultsToTextPlainWithUnknownEncoding() {
        List<MessagePart> parts = parse("Subject: hi\n\nbody line\nlast");
        assertThat(parts).hasSize(1);
        MessagePart part = parts.get(0);
        assertThat(part.mediaType()).isEqualTo(MediaType.TEXT);
        assertThat(part.subtype()).isEqualTo(MediaSubtype.PLAIN);
        assertThat(part.encoding()).isEqualTo(TransferEncoding.UNKNOWN);
        assertThat(part.disposition()).isEqualTo(Disposition.UNKNOWN);
        assertThat(part.body().toString()).isEqualTo("body line\nlast");
    }

    @Test
    void lastLineOfTheInputGetsNoLf() {
        assertThat(parse("A: b\n\nx\n").get(0).body().toString()).isEqualTo("x\n");
        assertThat(parse("A: b\n\nx").get(0).body().toString()).isEqualTo("x");
    }

    @Test
    void continuationLinesKeepTheirWhitespaceInData() {
        MimeHeader header = parse("Subject: one\n\ttwo\n  three\n\nb").get(0).headers().get(0);
        assertThat(header.data().toString()).isEqualTo("one\n\ttwo\n  three");
        assertThat(header.concatenatedData().toString()).isEqualTo("onetwothree");
    }

    @Test
    void headingIsTheTextBeforeTheFirstColon() {
        List<MimeHeader> headers = parse("From a@b Mon Jan  1 10:00:00 2002\nX-No-Colon\nKey:\t value: more\n\n").get(0).headers();
        assertThat(headers).extracting(h -> Latin1.text(h.heading())).containsExactly("From a@b Mon Jan  1 10", "X-No-Colon", "Key");
        assertThat(headers).extracting(h -> h.data().toString()).containsExactly("00:00 2002", "", "value: more");
    }

    @Test
    void crLineEndsTheHeaders() {
        List<MessagePart> parts = parse("A: b\r\n\r\nbody\r\n");
        assertThat(parts.get(0).headers()).hasSize(1);
        assertThat(parts.get(0).headers().get(0).data().toString()).isEqualTo("b\r");
        assertThat(parts.get(0).body().toString()).isEqualTo("body\r\n");
    }

    @Test
    void multipartWithFoldedBoundaryParameter() {
        String message = "Content-Type: multipart/alternative;\n\tboundary=\"b1\"\n\npreamble\n--b1\nContent-Type: text/html\n"
            + "Content-Transfer-Encoding: Quoted-Printable\nContent-Disposition: inline\n\n<p>x</p>\n--b1\n"
            + "Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=a\n\nAAAA\n--b1--\n";
        List<MessagePart> parts = parse(message);
        assertThat(parts).hasSize(4);
        assertThat(parts.get(0).mediaType()).isEqualTo(MediaType.MULTIPART);
        assertThat(parts.get(0).subtype()).isEqualTo(MediaSubtype.ALTERNATIVE);
        assertThat(parts.get(0).body().toString()).isEqualTo("preamble\n");
        assertThat(parts.get(1).subtype()).isEqualTo(MediaSubtype.HTML);
        assertThat(parts.get(1).encoding()).isEqualTo(TransferEncoding.QUOTED_PRINTABLE);
        assertThat(parts.get(1).disposition()).isEqualTo(Disposition.INLINE);
        assertThat(parts.get(2).mediaType()).isEqualTo(MediaType.APPLICATION);
        assertThat(parts.get(2).disposition()).isEqualTo(Disposition.ATTACHMENT);
        // the epilogue after the closing boundary is a header-less part
        assertThat(parts.get(3).headers()).isEmpty();
    }

    @Test
    void boundaryIsAPrefixMatchAndCrIsPartOfAnUnquotedValue() {
        List<MessagePart> parts = parse("Content-Type: multipart/mixed; boundary=abc\r\n\r\n--abcdef\r\nA: b\r\n\r\nx\r\n");
        assertThat(parts).hasSize(1);
        List<MessagePart> unquotedLf = parse("Content-Type: multipart/mixed; boundary=abc\n\n--abcdef\nA: b\n\nx\n");
        assertThat(unquotedLf).hasSize(2);
    }

    @Test
    void boundaryValueIsCutAt127Bytes() {
        byte[] marker = MimeStructureParser.extractBoundary(bytes("boundary=\"" + "x".repeat(200) + "\""), 0, 211);
        assertThat(marker).hasSize(2 + 127);
    }

    @Test
    void contentTypeLineInABodyRegistersItsBoundary() {
        String message = "Content-Type: message/rfc822\n\nFrom: inner\nContent-Type: multipart/mixed;\n boundary=\"in\"\n\n--in\n"
            + "Content-Type: text/plain\n\ninner text\n--in--\n";
        List<MessagePart> parts = parse(message);
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0).mediaType()).isEqualTo(MediaType.MESSAGE);
        assertThat(parts.get(0).body().toString()).startsWith("From: inner\n");
        assertThat(parts.get(1).body().toString()).isEqualTo("inner text\n");
    }

    @Test
    void boundaryLineInHeaderStateEndsAPartWithoutBody() {
        List<MessagePart> parts = parse("Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: text/plain\n--q\nA: b\n\nz");
        assertThat(parts).hasSize(3);
        assertThat(parts.get(1).headers()).hasSize(1);
        assertThat(parts.get(1).body().isEmpty()).isTrue();
        assertThat(parts.get(2).body().toString()).isEqualTo("z");
    }

    @Test
    void encodedWordsAreDecodedBytewiseAndFoldsJoinedWithoutSpace() {
        MimeHeader header = parse("Subject: =?utf-8?Q?caf=C3=A9_au?=\n =?iso-8859-1?B?bGFpdA==?=\n\n").get(0).headers().get(0);
        assertThat(header.data().toString()).isEqualTo("caf\u00c3\u00a9_aulait\n");
    }

    @Test
    void encodedWordKeepsTheTextBeforeItAndDropsTheTextAfterTheLastWord() {
        // what DSPAM 3.10.2 did on the corpus: "Ville =?ISO-8859-1?Q?Skytt=E4?= <ville.skytta@iki.fi>" left no address tokens
        MimeHeader header = parse("From: Ville =?ISO-8859-1?Q?Skytt=E4?= <ville.skytta@iki.fi>\n\n").get(0).headers().get(0);
        assertThat(header.data().toString()).isEqualTo("Ville Skytt\u00e4");
    }

    @Test
    void whitespaceBetweenEncodedWordsIsKept() {
        MimeHeader header = parse("Subject: =?x?Q?a?= =?x?Q?b?=\n\n").get(0).headers().get(0);
        assertThat(header.data().toString()).isEqualTo("a b");
    }

    @Test
    void malformedEncodedWordTruncatesAtItsFirstQuestionMark() {
        MimeHeader header = parse("Subject: price =?broken\n\n").get(0).headers().get(0);
        assertThat(header.data().toString()).isEqualTo("price =");
    }

    @Test
    void withoutEncodedWordsDataKeepsItsFoldedForm() {
        MimeHeader header = parse("Subject: a\n b\n\n").get(0).headers().get(0);
        assertThat(header.data().toString()).isEqualTo("a\n b");
    }
}
