package io.jamesdspam.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.BodyPart;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Corpus parsing throughput: how fast the test fold's messages are parsed into a MIME tree and
 * every text part decoded, the work James does before any filter sees a mail. The baseline is a
 * plain scan of the same bytes, so the ratio says what MIME parsing costs on this machine.
 * One operation = the whole test fold (1,418 messages).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CorpusParsingBenchmark {
    private List<byte[]> messages;
    private Session session;

    @Setup(Level.Trial)
    public void loadCorpus() {
        messages = CorpusMessages.testFold();
        session = Session.getInstance(new Properties());
    }

    /** Touch every byte once: what any processing of the fold costs at least. */
    @Benchmark
    public long baseline() {
        long sum = 0;
        for (byte[] message : messages) {
            for (byte b : message) {
                sum += b;
            }
        }
        return sum;
    }

    @Benchmark
    public void parseMime(Blackhole blackhole) throws MessagingException, IOException {
        for (byte[] message : messages) {
            MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(message));
            blackhole.consume(mime.getAllHeaders());
            decodeTextParts(mime, blackhole, 0);
        }
    }

    private static void decodeTextParts(Part part, Blackhole blackhole, int depth) throws MessagingException, IOException {
        if (depth > 20) {
            return;
        }
        try {
            if (part.isMimeType("multipart/*")) {
                Object content = part.getContent();
                if (content instanceof Multipart) {
                    Multipart multipart = (Multipart) content;
                    for (int i = 0; i < multipart.getCount(); i++) {
                        BodyPart child = multipart.getBodyPart(i);
                        decodeTextParts(child, blackhole, depth + 1);
                    }
                }
            } else if (part.isMimeType("text/*")) {
                try (InputStream in = part.getInputStream()) {
                    blackhole.consume(in.readAllBytes());
                }
            }
        } catch (MessagingException | IOException | RuntimeException brokenMime) {
            // The corpus holds broken MIME on purpose; what counts here is the work done until then.
            blackhole.consume(brokenMime);
        }
    }
}
