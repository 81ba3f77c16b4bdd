package io.jamesdspam.mailet.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MimeNestingTest {
    @Test
    void aPlainMessageIsLevelZeroAndEachMultipartAddsALevel() {
        assertThat(MimeNesting.depth("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), 100)).isZero();
        assertThat(MimeNesting.depth(NestedMultiparts.of(1), 100)).isEqualTo(1);
        assertThat(MimeNesting.depth(NestedMultiparts.of(3), 100)).isEqualTo(3);
        assertThat(MimeNesting.depth(NestedMultiparts.of(100), 100)).isEqualTo(100);
    }

    @Test
    void anEmbeddedMessageCountsAsALevel() {
        String message = "Content-Type: multipart/mixed; boundary=\"a\"\r\n\r\n--a\r\nContent-Type: message/rfc822\r\n\r\n"
            + "Subject: inner\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n--b\r\n"
            + "Content-Type: text/plain\r\n\r\nx\r\n--b--\r\n--a--\r\n";
        assertThat(MimeNesting.depth(message.getBytes(StandardCharsets.US_ASCII), 100)).isEqualTo(3);
    }

    @Test
    void aHostileDepthIsMeasuredWithoutRecursionAndStopsPastTheLimit() throws Exception {
        byte[] hostile = NestedMultiparts.of(20_000);
        int[] measured = new int[1];
        // A small stack: a walk through 20,000 levels would overflow it; stopping past the limit does not.
        Thread thread = new Thread(null, () -> measured[0] = MimeNesting.depth(hostile, 100), "small-stack", 256 * 1024);
        thread.start();
        thread.join();
        assertThat(measured[0]).isEqualTo(101);
        assertThat(MimeNesting.depth(NestedMultiparts.of(1_000), Integer.MAX_VALUE)).isEqualTo(1_000);
    }

    @Test
    void garbageIsMeasuredNotThrown() {
        Random random = new Random(15);
        for (int i = 0; i < 200; i++) {
            byte[] garbage = new byte[random.nextInt(5000)];
            random.nextBytes(garbage);
            assertThat(MimeNesting.depth(garbage, 100)).isBetween(0, 101);
        }
        assertThat(MimeNesting.depth(new byte[0], 100)).isZero();
    }
}
