package io.jamesdspam.engine.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.Signature;

class MessageSignatureTest {
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void headerWins() {
        assertThat(MessageSignature.find(bytes("From: a\nX-DSPAM-Signature: 4b11c532158749980119923\n\nbody !DSPAM:other1!\n")))
            .contains(Signature.of("4b11c532158749980119923"));
    }

    @Test
    void headerIsCaseInsensitiveAndMayHoldTheTightForm() {
        assertThat(MessageSignature.find(bytes("x-dspam-signature: !DSPAM:1,abc9!\r\n\r\nbody\r\n")))
            .contains(Signature.of("1,abc9"));
    }

    @Test
    void lastBodyTagWhenNoHeader() {
        assertThat(MessageSignature.find(bytes("Subject: x\n\ntext\n!DSPAM:first1!\nmore\n!DSPAM:second2!\n\n")))
            .contains(Signature.of("second2"));
    }

    @Test
    void headerAfterTheBodyStartsDoesNotCount() {
        assertThat(MessageSignature.find(bytes("Subject: x\n\nX-DSPAM-Signature: abc\n"))).isEmpty();
    }

    @Test
    void nothingFound() {
        assertThat(MessageSignature.find(bytes("Subject: x\n\nplain text\n"))).isEmpty();
        assertThat(MessageSignature.find(bytes("Subject: x\n\n!DSPAM:!\n"))).isEmpty();
    }
}
