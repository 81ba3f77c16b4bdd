package io.jamesdspam.it.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.junit.jupiter.api.Test;

import io.jamesdspam.mailet.mime.MimeNesting;

/**
 * The James 3.8.1 bug that {@code MimeDepthHook} keeps out of the product's pipeline, shown on
 * James's own class: {@code MessageParser}, which every mailbox append runs to list attachments,
 * recurses once per MIME level and overflows a thread's stack on a multipart nested 2,000 deep
 * (issue 15's probe: the spool thread delivering it never delivered again). The hook measures the
 * same message without recursion and refuses it.
 */
class JamesDeepMimeTest {
    private static final int HOSTILE_DEPTH = 2_000;

    @Test
    void jamesMessageParserOverflowsTheStackOnADeeplyNestedMultipart() throws Exception {
        byte[] message = FuzzedMessages.nestedMime("Subject: deep\n\nbody\n".getBytes(StandardCharsets.US_ASCII),
            new Random(15), HOSTILE_DEPTH, true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // The JVM's default thread stack, as James's spool threads have.
        Thread parsing = new Thread(null, () -> {
            try {
                new MessageParser().retrieveAttachments(new ByteArrayInputStream(message));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "james-message-parser", 0);
        parsing.start();
        parsing.join();

        assertThat(failure.get()).isInstanceOf(StackOverflowError.class);
        assertThat(MimeNesting.depth(message, 100)).isGreaterThan(100);
    }
}
