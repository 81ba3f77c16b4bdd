package io.jamesdspam.engine.message;

import static io.jamesdspam.engine.message.Latin1.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** docs/ENGINE-SPEC.md §1.4.2–§1.4.4. */
class TransferDecodingTest {

    private static String base64(String input) {
        byte[] in = bytes(input);
        return Base64Decoding.decode(in, 0, in.length).toString();
    }

    private static String qp(String input) {
        byte[] in = bytes(input);
        return QuotedPrintableDecoding.decode(in, 0, in.length).toString();
    }

    private static String hex(String input) {
        byte[] in = bytes(input);
        return PercentHexDecoding.decode(in, 0, in.length).toString();
    }

    @Nested
    class Base64 {
        @Test
        void decodesAndAppendsLf() {
            assertThat(base64("SGVsbG8gd29ybGQh")).isEqualTo("Hello world!\n");
        }

        @Test
        void keepsAnExistingFinalLf() {
            assertThat(base64("SGkK")).isEqualTo("Hi\n");
        }

        @Test
        void skipsBytesOutsideTheAlphabetIncludingEightBit() {
            assertThat(base64("SG\n\u00e9Vs*bG8=")).isEqualTo("Hello\n");
        }

        @Test
        void paddingRules() {
            assertThat(base64("SGk=")).isEqualTo("Hi\n");
            assertThat(base64("SA==")).isEqualTo("H\n");
            assertThat(base64("S=")).isEmpty();
        }

        @Test
        void stopsAtTheFirstEqualsSign() {
            assertThat(base64("SGk=SGVsbG8=")).isEqualTo("Hi\n");
        }

        @Test
        void dropsPendingCharactersWithoutPadding() {
            assertThat(base64("SGVsbG")).isEqualTo("Hel\n");
        }

        @Test
        void decodedNulEndsTheText() {
            // "A\0B" = QQBC
            assertThat(base64("QQBC")).isEqualTo("A\n");
            assertThat(base64("AEFC")).isEmpty();
        }

        @Test
        void invalidInputYieldsNothing() {
            assertThat(base64("*** not base64 !!!")).isEqualTo(base64("notbase64")).hasSize(7);
            assertThat(base64("")).isEmpty();
        }
    }

    @Nested
    class QuotedPrintable {
        @Test
        void removesSoftLineBreaks() {
            assertThat(qp("long=\nline=\r\nend")).isEqualTo("longlineend");
        }

        @Test
        void decodesHexEitherCase() {
            assertThat(qp("caf=E9 caf=e9")).isEqualTo("caf\u00e9 caf\u00e9");
        }

        @Test
        void keepsOtherEqualsSignsAndUnderscores() {
            assertThat(qp("a=ZZ b= c_d =")).isEqualTo("a=ZZ b= c_d =");
        }

        @Test
        void appendsNoLf() {
            assertThat(qp("x")).isEqualTo("x");
        }

        @Test
        void decodedNulEndsTheText() {
            assertThat(qp("ab=00cd")).isEqualTo("ab");
        }
    }

    @Nested
    class PercentHex {
        @Test
        void decodesPercentHex() {
            assertThat(hex("50%25 off %41%zz %4")).isEqualTo("50% off A%zz %4");
        }

        @Test
        void decodedNulEndsTheText() {
            assertThat(hex("a%00b")).isEqualTo("a");
        }
    }
}
