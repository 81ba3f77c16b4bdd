package io.jamesdspam.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SampleMessagesTest {

    @Test
    void everySampleIsAMessageWithHeadersAndBody() {
        for (SampleMessages sample : SampleMessages.all()) {
            String text = new String(sample.bytes(), StandardCharsets.ISO_8859_1);
            assertThat(text).as(sample.name()).contains("\nSubject: ").contains("\n\n");
        }
    }

    @Test
    void eightBitSampleReallyHoldsBytesAbove127() {
        byte[] bytes = SampleMessages.EIGHT_BIT.bytes();
        boolean highByte = false;
        for (byte b : bytes) {
            highByte |= (b & 0xff) > 0x7f;
        }
        assertThat(highByte).isTrue();
    }
}
