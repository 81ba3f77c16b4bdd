package io.jamesdspam.mailet.classify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerdictHeadersTest {
    @Test
    void theWhyIsTheReasonsCategoryWithoutTheDetailsThatMayNamePaths() {
        assertThat(VerdictHeaders.why("store failure: Cannot write the message of a@b to /var/dspam (nothing of it"
            + " was applied): No space left on device")).isEqualTo("store failure");
        assertThat(VerdictHeaders.why("timeout: embedded gave no answer within 30000 ms")).isEqualTo("timeout");
        assertThat(VerdictHeaders.why("the message has no tokens")).isEqualTo("the message has no tokens");
    }

    @Test
    void aPeersReasonCannotInjectAHeaderOrGrowWithoutBound() {
        assertThat(VerdictHeaders.why("evil\r\nBcc: victim@example.org")).isEqualTo("evil Bcc");
        assertThat(VerdictHeaders.why("x".repeat(500))).hasSize(80);
        assertThat(VerdictHeaders.why("\u0000\u0007: rest")).isEqualTo("no result");
    }
}
