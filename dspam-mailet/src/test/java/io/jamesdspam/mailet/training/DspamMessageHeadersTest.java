package io.jamesdspam.mailet.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;

class DspamMessageHeadersTest {

    private static DspamMessageHeaders parse(String message) {
        return DspamMessageHeaders.parse(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsSignatureAndVerdictWrittenByTheMailet() {
        DspamMessageHeaders headers = parse("Subject: x\r\nX-DSPAM-Result: Spam, probability=1.0000, confidence=0.99\r\n"
            + "X-DSPAM-Signature: 4a5b6c\r\n\r\nbody\r\n");

        assertThat(headers.signature()).contains(Signature.of("4a5b6c"));
        assertThat(headers.deliveredVerdict()).contains(TrainingClass.SPAM);
    }

    @Test
    void whitelistedIsInnocentAndUnknownClassesAreNoVerdict() {
        assertThat(parse("X-DSPAM-Result: Whitelisted\n\nb").deliveredVerdict()).contains(TrainingClass.INNOCENT);
        assertThat(parse("X-DSPAM-Result: Frobnicated\n\nb").deliveredVerdict()).isEmpty();
        assertThat(parse("Subject: none\n\nb").deliveredVerdict()).isEmpty();
    }

    @Test
    void signatureNotAvailableMeansNoSignature() {
        assertThat(parse("X-DSPAM-Signature: N/A\r\n\r\nbody").signature()).isEmpty();
        assertThat(parse("X-DSPAM-Signature: bad id!\r\nX-DSPAM-Signature: good1\r\n\r\nb").signature())
            .contains(Signature.of("good1"));
    }

    @Test
    void headersInTheBodyAreNotHeaders() {
        assertThat(parse("Subject: x\r\n\r\nX-DSPAM-Signature: inbody\r\n").signature()).isEmpty();
    }

    @Test
    void strippingRemovesFoldedDspamHeadersAndKeepsEverythingElseByteForByte() {
        String message = "Received: from a\r\n\tby b\r\nX-DSPAM-Factors: 27,\r\n\tfoo, 0.5,\r\n\tbar, 0.4\r\n"
            + "x-dspam-user: mallory\r\nSubject: kept\r\n\r\nX-DSPAM-Result: in body stays\r\n";

        String stripped = new String(parse(message).withoutDspamHeaders(), StandardCharsets.ISO_8859_1);

        assertThat(stripped).isEqualTo("Received: from a\r\n\tby b\r\nSubject: kept\r\n\r\nX-DSPAM-Result: in body stays\r\n");
    }

    @Test
    void aMessageWithoutBodyIsAllHeaders() {
        assertThat(new String(parse("Subject: a\nX-DSPAM-Result: Spam\n").withoutDspamHeaders(), StandardCharsets.ISO_8859_1))
            .isEqualTo("Subject: a\n");
    }
}
