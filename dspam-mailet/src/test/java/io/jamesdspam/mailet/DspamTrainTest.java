package io.jamesdspam.mailet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.DspamTrainingAttribute;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.Verdict;

class DspamTrainTest {
    static final String SIGNATURE = "4b11c532158749980119923";

    MailAddress alice;
    MailAddress bob;
    ScriptedBackend backend;
    RecordingMetricFactory metrics;

    @BeforeEach
    void setUp() throws Exception {
        alice = new MailAddress("alice@example.org");
        bob = new MailAddress("bob@example.org");
        backend = new ScriptedBackend();
        metrics = new RecordingMetricFactory();
    }

    DspamTrain mailet(DspamConfiguration shared, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("train")
            .mailetContext(FakeMailContext.defaultContext());
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        DspamTrain train = new DspamTrain(new TimeBoundBackend(backend, shared.backendGuard()), shared, shared.userMapping(), metrics);
        train.init(config.build());
        return train;
    }

    DspamTrain mailet(String... parameters) throws MessagingException {
        return mailet(DspamConfiguration.defaults(), parameters);
    }

    FakeMail mail(MailAddress... recipients) throws MessagingException {
        return FakeMail.builder().name("m").mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
            .setSubject("Cheap watches").setText("Buy cheap watches today")).recipients(recipients).build();
    }

    static void classified(FakeMail mail, MailAddress recipient, Verdict verdict, String signature) {
        DspamResult.Builder result = DspamResult.builder().user(DspamUser.of(recipient.asString())).verdict(verdict)
            .confidence(0.9);
        if (signature != null) {
            result.signature(Signature.of(signature));
        }
        DspamResultAttribute.defaultName().write(mail, recipient, RecipientVerdict.classified(result.build()));
    }

    @Test
    void aFixedClassRetrainsAWrongVerdictBySignature() throws Exception {
        FakeMail mail = mail(alice);
        classified(mail, alice, Verdict.INNOCENT, SIGNATURE);
        backend.spam("alice@example.org", 0.99, SIGNATURE); // DSPAM knows the signature

        mailet("class", "spam").service(mail);

        assertThat(backend.requests()).singleElement().satisfies(request -> {
            assertThat(request.operation()).isEqualTo(DspamRequest.Operation.RETRAIN);
            assertThat(request.signature()).contains(Signature.of(SIGNATURE));
            assertThat(request.source()).contains(TrainingSource.ERROR);
        });
        assertThat(DspamTrainingAttribute.defaultName().read(mail, alice)).contains(TrainingClass.SPAM);
    }

    @Test
    void aSignatureDspamNoLongerKnowsTrainsTheWholeMessage() throws Exception {
        FakeMail mail = mail(alice);
        classified(mail, alice, Verdict.INNOCENT, SIGNATURE);

        mailet("class", "spam").service(mail);

        assertThat(backend.requests()).extracting(DspamRequest::operation)
            .containsExactly(DspamRequest.Operation.RETRAIN, DspamRequest.Operation.TRAIN);
        assertThat(backend.requests().get(1).source()).contains(TrainingSource.CORPUS);
        assertThat(DspamTrainingAttribute.defaultName().read(mail, alice)).contains(TrainingClass.SPAM);
    }

    @Test
    void aRightVerdictIsLeftAlone() throws Exception {
        FakeMail mail = mail(alice);
        classified(mail, alice, Verdict.SPAM, SIGNATURE);

        mailet("class", "spam").service(mail);

        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void anUnclassifiedCopyIsLearnedAsCorpus() throws Exception {
        FakeMail mail = mail(alice);

        mailet("class", "innocent").service(mail);

        assertThat(backend.requests()).singleElement().satisfies(request -> {
            assertThat(request.operation()).isEqualTo(DspamRequest.Operation.TRAIN);
            assertThat(request.source()).contains(TrainingSource.CORPUS);
            assertThat(request.trainingClass()).contains(TrainingClass.INNOCENT);
        });
    }

    @Test
    void neverTwiceForTheSameMessageAndRecipient() throws Exception {
        FakeMail mail = mail(alice);
        classified(mail, alice, Verdict.INNOCENT, SIGNATURE);
        backend.spam("alice@example.org", 0.99, SIGNATURE); // DSPAM knows the signature
        DspamTrain train = mailet("class", "spam");

        train.service(mail);
        train.service(mail);

        assertThat(backend.requests()).hasSize(1);
    }

    @Test
    void autolearnTrainsWhatTheSourceSays() throws Exception {
        FakeMail mail = mail(alice, bob);
        classified(mail, alice, Verdict.SPAM, SIGNATURE);
        classified(mail, bob, Verdict.SPAM, SIGNATURE);
        backend.spam("alice@example.org", 0.99, SIGNATURE); // DSPAM knows the signature
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder()
            .name("org.apache.james.spamassassin.status").value("No, hits=-1.0 required=5.0").build(), alice);

        mailet("autolearn", "spamassassin").service(mail);

        assertThat(backend.requests()).singleElement().satisfies(request -> {
            assertThat(request.users()).containsExactly(DspamUser.of("alice@example.org"));
            assertThat(request.trainingClass()).contains(TrainingClass.INNOCENT);
        });
    }

    @Test
    void aVerdictOfAnotherDictionaryIsNotUsed() throws Exception {
        FakeMail mail = mail(alice);
        classified(mail, alice, Verdict.INNOCENT, SIGNATURE);

        mailet(DspamConfiguration.of(Map.of("userMapping", "fixed:shared")), "class", "spam").service(mail);

        assertThat(backend.requests()).singleElement().satisfies(request -> {
            assertThat(request.users()).containsExactly(DspamUser.of("shared"));
            assertThat(request.operation()).isEqualTo(DspamRequest.Operation.TRAIN);
        });
    }

    @Test
    void failuresAreCountedOrThrownAsConfigured() throws Exception {
        backend.failWith(DspamException.Kind.UNREACHABLE);
        FakeMail mail = mail(alice);

        mailet("class", "spam").service(mail);
        assertThat(metrics.countFor("dspam.failure.unreachable")).isEqualTo(1);
        assertThat(DspamTrainingAttribute.defaultName().isTrained(mail, alice)).isFalse();

        DspamTrain throwing = mailet("class", "spam", "onFailure", "throw");
        assertThatThrownBy(() -> throwing.service(mail)).isInstanceOf(MessagingException.class);
    }

    @Test
    void aTimedOutTrainingMayHaveLearnedAndIsNotRecordedAsTrained() throws Exception {
        CountDownLatch release = backend.hang();
        FakeMail mail = mail(alice);
        DspamTrain throwing = mailet("class", "spam", "timeout", "100ms", "onFailure", "throw");
        try {
            assertThatThrownBy(() -> throwing.service(mail)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("may have learned");
        } finally {
            release.countDown();
        }

        assertThat(backend.requests()).hasSize(1);
        assertThat(DspamTrainingAttribute.defaultName().isTrained(mail, alice)).isFalse();
        assertThat(metrics.countFor("dspam.failure.timeout")).isEqualTo(1);
    }

    @Test
    void exactlyOneOfClassAndAutolearn() {
        assertThatThrownBy(() -> mailet()).isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> mailet("class", "spam", "autolearn", "any")).isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> mailet("class", "junk")).isInstanceOf(MessagingException.class).hasMessageContaining("junk");
    }

    @Test
    void keysItDoesNotUseAreRefusedRatherThanIgnored() {
        for (String key : new String[] {"reject", "rejectType", "maxSize", "mode", "skipAuthenticated"}) {
            assertThatThrownBy(() -> mailet("class", "spam", key, "1")).as(key).isInstanceOf(MessagingException.class)
                .hasMessageContaining("'" + key + "'").hasMessageContaining("not used here");
        }
    }
}
