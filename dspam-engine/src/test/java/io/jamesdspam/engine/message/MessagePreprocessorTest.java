package io.jamesdspam.engine.message;

import static io.jamesdspam.engine.message.Latin1.bytes;
import static io.jamesdspam.engine.message.Latin1.text;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** docs/ENGINE-SPEC.md §1.1, §1.3, §1.4 and checklist items 6 and 7. */
class MessagePreprocessorTest {
    private static final MessagePreprocessor MESSAGE_MODE = new MessagePreprocessor(true, false, false);
    private static final MessagePreprocessor HEADERS_MODE = new MessagePreprocessor(true, true, false);

    private static DegeneratedMessage degenerate(String message) {
        return MESSAGE_MODE.degenerate(bytes(message), true);
    }

    private static String multipart(String... parts) {
        StringBuilder message = new StringBuilder("Content-Type: multipart/mixed; boundary=\"B\"\n\n");
        for (String part : parts) {
            message.append("--B\n").append(part).append('\n');
        }
        return message.append("--B--\n").toString();
    }

    @Nested
    class InputNormalisation {
        @Test
        void crLfBecomesLf() {
            assertThat(text(InputNormalization.normalize(bytes("A: b\r\n\r\nx\ry\r\n"), true))).isEqualTo("A: b\n\nx\ry\n");
            assertThat(text(InputNormalization.normalize(bytes("A: b\r\n"), false))).isEqualTo("A: b\r\n");
        }

        @Test
        void quarantineFromLineIsDropped() {
            assertThat(text(InputNormalization.normalize(bytes("From QUARANTINE x\nA: b\n"), true))).isEqualTo("A: b\n");
        }

        @Test
        void nulEndsItsLine() {
            assertThat(text(InputNormalization.normalize(bytes("A: b\u0000c\nD: e\n\u0000"), true))).isEqualTo("A: b\nD: e\n");
        }
    }

    @Nested
    class Degeneration {
        @Test
        void headersAndBodyOfASimpleMessage() {
            DegeneratedMessage d = degenerate("From: a\nSubject: b\n\nhello\n");
            assertThat(text(d.headers())).isEqualTo("From: a\nSubject: b\n");
            assertThat(text(d.body())).isEqualTo("hello\n");
            assertThat(text(d.signatureText())).isEqualTo("From: a\nSubject: b\n\u0001hello\n");
        }

        @Test
        void emptyTextsBecomeOneSpace() {
            DegeneratedMessage d = degenerate("");
            assertThat(text(d.headers())).isEqualTo(" ");
            assertThat(text(d.body())).isEqualTo(" ");
        }

        @Test
        void headerLineIsCutAt1023BytesAndLosesItsLf() {
            String longValue = "x".repeat(1100);
            DegeneratedMessage d = degenerate("To: " + longValue + "\nFrom: a\n\nb");
            String headers = text(d.headers());
            assertThat(headers).isEqualTo(("To: " + longValue).substring(0, 1023) + "From: a\n");
            String exact = "y".repeat(1023 - 4);
            assertThat(text(degenerate("To: " + exact + "\nFrom: a\n\nb").headers())).isEqualTo("To: " + exact + "From: a\n");
            String fits = "y".repeat(1023 - 5);
            assertThat(text(degenerate("To: " + fits + "\nFrom: a\n\nb").headers())).isEqualTo("To: " + fits + "\nFrom: a\n");
        }

        @Test
        void onlyTextMessageAndPreambleBodiesCount() {
            DegeneratedMessage d = degenerate("Content-Type: multipart/mixed; boundary=\"B\"\n\npreamble\n--B\n"
                + "Content-Type: text/plain\n\ntext part\n--B\nContent-Type: image/png\n\nIMAGEDATA\n--B\n"
                + "Content-Type: application/pdf\n\nPDFDATA\n--B\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\n--B--\n");
            assertThat(text(d.body())).isEqualTo("preamble\ntext part\nSubject: inner\n\ninner body\n");
            assertThat(text(d.headers())).contains("Content-Type: image/png\n", "Content-Type: application/pdf\n");
        }

        @Test
        void partWithoutHeadersIsSkipped() {
            DegeneratedMessage d = degenerate("Content-Type: multipart/mixed; boundary=\"B\"\n\n--B\n\nheaderless text\n--B--\n");
            assertThat(text(d.body())).isEqualTo(" ");
        }

        @Test
        void nestedMultipartBodyIsIgnoredButItsChildrenAreParts() {
            DegeneratedMessage d = degenerate(multipart(
                "Content-Type: multipart/alternative; boundary=\"C\"\n\nnested preamble\n--C\nContent-Type: text/plain\n\nalt\n--C--"));
            assertThat(text(d.body())).isEqualTo("alt\n");
        }

        @Test
        void base64TextPartIsDecoded() {
            DegeneratedMessage d = HEADERS_MODE.degenerate(bytes(multipart(
                "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nNTAlMjUgb2Zm")), true);
            assertThat(text(d.body())).isEqualTo("50%25 off\n");
        }

        @Test
        void quotedPrintableHtmlPartIsDecodedThenStripped() {
            DegeneratedMessage d = HEADERS_MODE.degenerate(bytes(multipart(
                "Content-Type: text/html\nContent-Transfer-Encoding: quoted-printable\n\n<b>caf=E9</b> =\nok")), true);
            assertThat(text(d.body())).isEqualTo("caf\u00e9 ok\n");
        }

        @Test
        void textAttachmentIsTokenisedRaw() {
            DegeneratedMessage d = degenerate(multipart(
                "Content-Type: text/plain\nContent-Disposition: attachment\nContent-Transfer-Encoding: base64\n\nSGVsbG8="));
            assertThat(text(d.body())).isEqualTo("SGVsbG8=\n");
        }

        @Test
        void eightBitPartGetsPercentDecoding() {
            DegeneratedMessage d = degenerate("Content-Transfer-Encoding: 8bit\n\n100%41 off");
            assertThat(text(d.body())).isEqualTo("100A off");
        }
    }

    @Nested
    class SignaturePreScanSideEffects {
        private static final String BASE64_PART = "Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nNTAlMjUgb2Zm";

        @Test
        void messageModeDecodesTo8bitWhichThenGetsPercentDecoding() {
            DegeneratedMessage d = MESSAGE_MODE.degenerate(bytes(multipart(BASE64_PART)), true);
            assertThat(text(d.body())).isEqualTo("50% off\n");
            assertThat(text(d.headers())).contains("Content-Transfer-Encoding: 8bit\n").doesNotContain("base64");
        }

        @Test
        void headersModeKeepsTheEncodingSoNoPercentDecoding() {
            DegeneratedMessage d = HEADERS_MODE.degenerate(bytes(multipart(BASE64_PART)), true);
            assertThat(text(d.body())).isEqualTo("50%25 off\n");
            assertThat(text(d.headers())).contains("Content-Transfer-Encoding: base64\n");
        }

        @Test
        void multipartSignedKeepsTheEncodingToo() {
            String signed = "Content-Type: multipart/signed; boundary=\"B\"\n\n--B\n" + BASE64_PART + "\n--B--\n";
            assertThat(text(MESSAGE_MODE.degenerate(bytes(signed), true).body())).isEqualTo("50%25 off\n");
        }

        @Test
        void trainPristineSkipsThePreScan() {
            MessagePreprocessor pristine = new MessagePreprocessor(true, false, true);
            assertThat(text(pristine.degenerate(bytes(multipart(BASE64_PART)), true).body())).isEqualTo("50%25 off\n");
        }

        @Test
        void incomingMessageLosesItsSignatureText() {
            String message = "Subject: x\n\nhello\n!DSPAM:4b11c532158749980119923!\nbye\n";
            assertThat(text(MESSAGE_MODE.degenerate(bytes(message), false).body())).isEqualTo("hello\n\nbye\n");
            assertThat(text(MESSAGE_MODE.degenerate(bytes(message), true).body())).contains("!DSPAM:4b11c532158749980119923!");
        }
    }
}
