package io.jamesdspam.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.mailet.Dspam;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.configuration.BackendGuardSettings;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * What the Dspam mailet (embedded engine, process mode, a dictionary trained on 1,000 corpus
 * messages) adds to a mail's trip through the spool: the baseline does the rest of that trip —
 * parse the spooled message, build the mail, drop the Bcc header, write the message out as
 * delivery does — and {@code withDspam} does the same plus {@code Dspam.service}. The ratio is
 * the mailet-level throughput with DSPAM relative to without (the goal: at least 0.8 of
 * the bare pipeline; SMTP and mailbox costs, which a full server adds to both sides, are left
 * out, so this is the pessimistic figure). One operation = 200 test-fold messages.
 *
 * <p>{@code recipients} local recipients per mail (1, 4, 20), each a DSPAM user with a dictionary
 * of its own (a copy of the trained one), all in the one DSPAM request the mailet sends per mail:
 * the cost per recipient is {@code (1/withDspam − 1/baseline) / recipients}, compared across
 * recipient counts by the report ({@code benchmarks/report.sh}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MailetPipelineBenchmark {
    private static final int MESSAGES = 200;
    private static final int TRAINING = 1000;

    @Param({"1", "4", "20"})
    public int recipients;

    private List<byte[]> messages;
    private Session session;
    private List<MailAddress> addresses;
    private EmbeddedDspam engine;
    private TimeBoundBackend gate;
    private Dspam mailet;

    @Setup(Level.Trial)
    public void setUp() throws MessagingException {
        messages = CorpusMessages.testFold().subList(0, MESSAGES);
        session = Session.getInstance(new Properties());
        InMemoryDspamStore store = new InMemoryDspamStore();
        engine = EmbeddedDspam.create(EngineSettings.defaults(), store);
        DspamUser trained = DspamUser.of("bench0@example.org");
        train(engine, trained);
        addresses = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            addresses.add(new MailAddress("bench" + i + "@example.org"));
            if (i > 0) {
                DictionaryCopy.sample(store, trained, store, DspamUser.of("bench" + i + "@example.org"), 1.0, i);
            }
        }
        gate = new TimeBoundBackend(engine, BackendGuardSettings.defaults());
        mailet = new Dspam(gate, DspamConfiguration.defaults(), DspamUserMapping.recipient(), new RecordingMetricFactory());
        mailet.init(FakeMailetConfig.builder().mailetName("dspam").mailetContext(everyAddressLocal()).build());
    }

    private static void train(EmbeddedDspam engine, DspamUser user) {
        List<CorpusMessage> training = Corpus.load().trainSet();
        for (int i = 0; i < Math.min(TRAINING, training.size()); i++) {
            DspamResult result = engine.execute(DspamRequest.process(List.of(user), training.get(i).bytes()))
                .resultFor(user).orElse(null);
            boolean isSpam = training.get(i).isSpam();
            if (result != null && result.isSpam() != isSpam && result.signature().isPresent()) {
                engine.execute(DspamRequest.retrain(List.of(user), isSpam ? TrainingClass.SPAM : TrainingClass.INNOCENT,
                    result.signature().get()));
            }
        }
    }

    private static MailetContext everyAddressLocal() {
        return (MailetContext) Proxy.newProxyInstance(MailetContext.class.getClassLoader(),
            new Class<?>[] {MailetContext.class},
            (proxy, method, args) -> method.getName().equals("isLocalEmail") ? Boolean.TRUE : null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        mailet.destroy();
        gate.close();
        engine.close();
    }

    @Benchmark
    public long baseline() throws MessagingException, IOException {
        long written = 0;
        for (byte[] message : messages) {
            Mail mail = spooled(message);
            written += deliver(mail);
        }
        return written;
    }

    @Benchmark
    public long withDspam() throws MessagingException, IOException {
        long written = 0;
        for (byte[] message : messages) {
            Mail mail = spooled(message);
            mailet.service(mail);
            written += deliver(mail);
        }
        return written;
    }

    private Mail spooled(byte[] message) throws MessagingException {
        MimeMessage mime = new MimeMessage(session, new ByteArrayInputStream(message));
        Mail mail = FakeMail.builder().name("bench").mimeMessage(mime).recipients(addresses).size(message.length).build();
        mail.getMessage().removeHeader("Bcc");
        return mail;
    }

    private static long deliver(Mail mail) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.size() + mail.getPerRecipientSpecificHeaders().getHeadersByRecipient().size();
    }
}
