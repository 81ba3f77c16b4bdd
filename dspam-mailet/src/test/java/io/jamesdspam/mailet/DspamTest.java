package io.jamesdspam.mailet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.DspamTrainingAttribute;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.classify.SmtpVerdicts;
import io.jamesdspam.mailet.configuration.BackendGuardSettings;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.Verdict;

class DspamTest {
    static final String SIGNATURE_ALICE = "4b11c532158749980119923";
    static final String SIGNATURE_BOB = "5c22d643269850091220034";
    static final String SA_STATUS = "org.apache.james.spamassassin.status";

    MailAddress alice;
    MailAddress bob;
    MailAddress remote;
    ScriptedBackend backend;
    RecordingMetricFactory metrics;
    MailetContext context;
    final DspamResultAttribute attribute = DspamResultAttribute.defaultName();

    @BeforeEach
    void setUp() throws Exception {
        alice = new MailAddress("alice@example.org");
        bob = new MailAddress("bob@example.org");
        remote = new MailAddress("carol@elsewhere.net");
        backend = new ScriptedBackend();
        metrics = new RecordingMetricFactory();
        context = mock(MailetContext.class);
        when(context.isLocalEmail(any())).thenAnswer(call ->
            ((MailAddress) call.getArgument(0)).getDomain().asString().equals("example.org"));
    }

    Dspam mailet(String... parameters) throws MessagingException {
        return mailet(DspamConfiguration.defaults(), parameters);
    }

    Dspam mailet(DspamConfiguration shared, String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("dspam").mailetContext(context);
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        Dspam dspam = new Dspam(new TimeBoundBackend(backend, shared.backendGuard()), shared, shared.userMapping(), metrics);
        dspam.init(config.build());
        return dspam;
    }

    static MimeMessageBuilder message() throws MessagingException {
        return MimeMessageBuilder.mimeMessageBuilder()
            .addFrom("sender@elsewhere.net")
            .setSubject("Cheap watches")
            .setText("Buy cheap watches today");
    }

    FakeMail mail(MimeMessageBuilder message, MailAddress... recipients) throws MessagingException {
        return FakeMail.builder().name("mail1").mimeMessage(message).sender("sender@elsewhere.net")
            .recipients(recipients).size(1000).build();
    }

    static Map<String, String> headersFor(Mail mail, MailAddress recipient) {
        return mail.getPerRecipientSpecificHeaders().getHeadersForRecipient(recipient).stream()
            .collect(Collectors.toMap(PerRecipientHeaders.Header::getName, PerRecipientHeaders.Header::getValue));
    }

    static String asText(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Nested
    class Classification {
        @Test
        void eachRecipientGetsItsOwnVerdictAndSignature() throws Exception {
            backend.answer("alice@example.org", Verdict.SPAM, DspamClass.SPAM, 1.0, 0.99, SIGNATURE_ALICE)
                .innocent("bob@example.org", 1.0, SIGNATURE_BOB);
            FakeMail mail = mail(message(), alice, bob);

            mailet().service(mail);

            assertThat(headersFor(mail, alice)).containsOnly(
                Map.entry("X-DSPAM-Result", "Spam, probability=1.0000, confidence=0.99"),
                Map.entry("X-DSPAM-Signature", SIGNATURE_ALICE));
            assertThat(headersFor(mail, bob)).containsOnly(
                Map.entry("X-DSPAM-Result", "Innocent, probability=0.0023, confidence=1.00"),
                Map.entry("X-DSPAM-Signature", SIGNATURE_BOB));
            assertThat(attribute.readResult(mail, alice).orElseThrow().dspamClass()).isEqualTo(DspamClass.SPAM);
            assertThat(attribute.readResult(mail, alice).orElseThrow().user()).isEqualTo(DspamUser.of("alice@example.org"));
            assertThat(attribute.readResult(mail, bob).orElseThrow().signature()).contains(Signature.of(SIGNATURE_BOB));
        }

        @Test
        void oneProcessRequestCarriesEveryUserOfTheMail() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE).innocent("bob@example.org", 1.0, SIGNATURE_BOB);

            mailet().service(mail(message(), alice, bob));

            assertThat(backend.requests()).hasSize(1);
            DspamRequest request = backend.requests().get(0);
            assertThat(request.operation()).isEqualTo(DspamRequest.Operation.PROCESS);
            assertThat(request.users()).containsExactly(DspamUser.of("alice@example.org"), DspamUser.of("bob@example.org"));
            assertThat(asText(request.message())).contains("Subject: Cheap watches").contains("Buy cheap watches today");
        }

        @Test
        void classifyModeNeverLearnsAndWritesNoSignature() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice);

            mailet("mode", "classify").service(mail);

            assertThat(backend.requests()).extracting(DspamRequest::operation).containsExactly(DspamRequest.Operation.CLASSIFY);
            assertThat(headersFor(mail, alice)).containsEntry("X-DSPAM-Signature", "N/A");
        }

        @Test
        void plusDetailAndCaseMapToTheSameUser() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            MailAddress aliceDetail = new MailAddress("Alice+lists@Example.org");
            FakeMail mail = mail(message(), aliceDetail);

            mailet().service(mail);

            assertThat(backend.requests().get(0).users()).containsExactly(DspamUser.of("alice@example.org"));
            assertThat(headersFor(mail, aliceDetail)).containsEntry("X-DSPAM-Signature", SIGNATURE_ALICE);
        }

        @Test
        void seedMappingClassifiesSeveralRecipientsAsTheSharedUserOnce() throws Exception {
            backend.spam("james", 0.99, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice, bob);

            mailet(DspamConfiguration.of(Map.of("userMapping", "seed"))).service(mail);

            assertThat(backend.requests().get(0).users()).containsExactly(DspamUser.of("james"));
            assertThat(headersFor(mail, alice)).containsEntry("X-DSPAM-Signature", SIGNATURE_ALICE);
            assertThat(headersFor(mail, bob)).containsEntry("X-DSPAM-Signature", SIGNATURE_ALICE);
        }

        @Test
        void aUserDspamGaveNoResultForIsRecordedWithoutHeaders() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice, bob);

            mailet().service(mail);

            assertThat(attribute.read(mail, bob)).contains(RecipientVerdict.notClassified("no tokens"));
            assertThat(headersFor(mail, bob)).containsOnly(entry("X-DSPAM-Unclassified", "no tokens"));
        }

        @Test
        void countsClassesAndTimesClassification() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE).answer("bob@example.org", Verdict.INNOCENT,
                DspamClass.WHITELISTED, 0.0, 1.0, SIGNATURE_BOB);

            mailet().service(mail(message(), alice, bob));

            assertThat(metrics.countFor("dspam.class.spam")).isEqualTo(1);
            assertThat(metrics.countFor("dspam.class.whitelisted")).isEqualTo(1);
            assertThat(metrics.executionTimesFor("dspam.classify")).hasSize(1);
        }

        @Test
        void resultAttributeNameIsConfigurable() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice);

            mailet("attribute", "custom.dspam").service(mail);

            assertThat(new DspamResultAttribute(AttributeName.of("custom.dspam")).readResult(mail, alice)).isPresent();
            assertThat(mail.getAttribute(AttributeName.of("dspam.result"))).isEmpty();
        }
    }

    @Nested
    class Factors {
        @Test
        void withShowFactorsEachRecipientsCopyGetsTheEnginesFactorsHeader() throws Exception {
            EmbeddedDspam engine = EmbeddedDspam.create(EngineSettings.defaults().toBuilder().showFactors(true).build(),
                new InMemoryDspamStore());
            for (int i = 0; i < 5; i++) {
                engine.execute(DspamRequest.train(List.of(DspamUser.of("alice@example.org")), TrainingClass.SPAM,
                    TrainingSource.CORPUS, ("Subject: cheap watches " + i + "\n\nBuy cheap watches today " + i)
                        .getBytes(StandardCharsets.US_ASCII)));
            }
            FakeMail mail = mail(message(), alice);

            Dspam dspam = new Dspam(new TimeBoundBackend(engine, BackendGuardSettings.defaults()), DspamConfiguration.defaults(),
                DspamUserMapping.recipient(), metrics);
            dspam.init(FakeMailetConfig.builder().mailetName("dspam").mailetContext(context).build());
            dspam.service(mail);

            String factors = headersFor(mail, alice).get("X-DSPAM-Factors");
            assertThat(factors).matches("(?s)\\d+,\r\n\t.+, [01]\\.\\d{5}").doesNotContain("\r\n\r\n");
            assertThat(factors.split(",\r\n\t")).hasSize(1 + Integer.parseInt(factors.substring(0, factors.indexOf(','))));
        }

        @Test
        void withoutShowFactorsThereIsNoFactorsHeader() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice);

            mailet().service(mail);

            assertThat(headersFor(mail, alice)).doesNotContainKey("X-DSPAM-Factors");
        }
    }

    @Nested
    class InboundHeaders {
        @Test
        void everyInboundXDspamHeaderIsRemovedBeforeClassificationAndDelivery() throws Exception {
            backend.innocent("alice@example.org", 1.0, SIGNATURE_ALICE);
            FakeMail mail = mail(message()
                .addHeader("X-DSPAM-Result", "Innocent, probability=0.0000, confidence=1.00")
                .addHeader("X-DSPAM-Signature", "forgedsignature1")
                .addHeader("X-Dspam-Processed", "yes")
                .addHeader("x-dspam-factors", "27"), alice);

            mailet().service(mail);

            MimeMessage message = mail.getMessage();
            assertThat(message.getHeader("X-DSPAM-Signature")).isNull();
            assertThat(message.getHeader("X-DSPAM-Result")).isNull();
            assertThat(message.getHeader("X-Dspam-Processed")).isNull();
            assertThat(message.getHeader("x-dspam-factors")).isNull();
            ByteArrayOutputStream delivered = new ByteArrayOutputStream();
            message.writeTo(delivered);
            assertThat(asText(delivered.toByteArray())).doesNotContainIgnoringCase("forgedsignature1");
            assertThat(asText(backend.requests().get(0).message())).doesNotContainIgnoringCase("x-dspam");
            assertThat(headersFor(mail, alice)).containsEntry("X-DSPAM-Signature", SIGNATURE_ALICE);
        }

        @Test
        void removedEvenWhenTheMailIsNotClassified() throws Exception {
            FakeMail mail = FakeMail.builder().name("mail1").mimeMessage(message()
                    .addHeader("X-DSPAM-Signature", "forgedsignature1"))
                .recipient(alice).size(600_000).build();

            mailet().service(mail);

            assertThat(mail.getMessage().getHeader("X-DSPAM-Signature")).isNull();
            assertThat(backend.requests()).isEmpty();
        }
    }

    @Nested
    class SkipRules {
        @Test
        void aMailOverMaxSizeIsSkipped() throws Exception {
            FakeMail mail = FakeMail.builder().name("mail1").mimeMessage(message()).recipient(alice).size(500_001).build();

            mailet().service(mail);

            assertThat(backend.requests()).isEmpty();
            RecipientVerdict verdict = attribute.read(mail, alice).orElseThrow();
            assertThat(verdict.status()).isEqualTo(RecipientVerdict.Status.SKIPPED);
            assertThat(verdict.reason().orElseThrow()).contains("too large");
            assertThat(metrics.countFor("dspam.skipped.too-large")).isEqualTo(1);
            assertThat(headersFor(mail, alice)).isEmpty();
        }

        @Test
        void aMailOfExactlyMaxSizeIsClassified() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = FakeMail.builder().name("mail1").mimeMessage(message()).recipient(alice).size(500_000).build();

            mailet().service(mail);

            assertThat(backend.requests()).hasSize(1);
        }

        @Test
        void maxSizeIsAMailetParameter() throws Exception {
            FakeMail mail = FakeMail.builder().name("mail1").mimeMessage(message()).recipient(alice).size(1001).build();

            mailet("maxSize", "1000").service(mail);

            assertThat(backend.requests()).isEmpty();
            assertThat(attribute.read(mail, alice).orElseThrow().status()).isEqualTo(RecipientVerdict.Status.SKIPPED);
        }

        @Test
        void mailFromAnAuthenticatedSenderIsSkipped() throws Exception {
            FakeMail mail = mail(message(), alice);
            mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("bob@example.org")));

            mailet().service(mail);

            assertThat(backend.requests()).isEmpty();
            assertThat(attribute.read(mail, alice)).contains(RecipientVerdict.skipped("sender authenticated"));
            assertThat(metrics.countFor("dspam.skipped.authenticated-sender")).isEqualTo(1);
        }

        @Test
        void authenticatedSendersCanBeClassifiedToo() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice);
            mail.setAttribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of("bob@example.org")));

            mailet("skipAuthenticated", "false").service(mail);

            assertThat(backend.requests()).hasSize(1);
        }

        @Test
        void remoteRecipientsAreNotClassified() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice, remote);

            mailet().service(mail);

            assertThat(backend.requests().get(0).users()).containsExactly(DspamUser.of("alice@example.org"));
            assertThat(attribute.read(mail, remote)).contains(RecipientVerdict.skipped("not a local recipient"));
            assertThat(headersFor(mail, remote)).isEmpty();
        }

        @Test
        void aMailWithoutLocalRecipientsIsNotSent() throws Exception {
            FakeMail mail = mail(message(), remote);

            mailet().service(mail);

            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void anAddressDspamWouldRefuseIsSkipped() throws Exception {
            MailAddress dashed = new MailAddress("-rf@example.org");
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice, dashed);

            mailet().service(mail);

            assertThat(backend.requests().get(0).users()).containsExactly(DspamUser.of("alice@example.org"));
            assertThat(attribute.read(mail, dashed).orElseThrow().status()).isEqualTo(RecipientVerdict.Status.SKIPPED);
            assertThat(metrics.countFor("dspam.skipped.invalid-user")).isEqualTo(1);
        }
    }

    /** Mail JavaMail cannot re-serialise, as the SMTP benchmark met in the public corpus. */
    @Nested
    class MalformedMime {
        private static final String BROKEN = "From: sender@elsewhere.net\r\n"
            + "Subject: broken parameters\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; ;;;;;;;;\r\n"
            + "\r\n"
            + "Cheap watches, buy now\r\n";

        /** A James message as the spool hands it over, after RemoveMimeHeader bcc touched its headers. */
        private FakeMail jamesMail(String raw) throws Exception {
            MimeMessageWrapper message = new MimeMessageWrapper(MimeMessageInputStreamSource.create("broken",
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
            message.removeHeader("bcc");
            return FakeMail.builder().name("mail1").mimeMessage(message).sender("sender@elsewhere.net")
                .recipient(alice).size(raw.length()).build();
        }

        @Test
        void aMalformedContentTypeIsClassifiedFromTheBytesTheMailArrivedWith() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = jamesMail(BROKEN.replace("Subject:", "X-DSPAM-Signature: forged\r\nSubject:"));

            mailet().service(mail);

            String seen = asText(backend.requests().get(0).message());
            assertThat(seen).contains("Content-Type: text/plain; ;;;;;;;;").contains("Cheap watches, buy now")
                .doesNotContain("forged");
            assertThat(attribute.readResult(mail, alice).orElseThrow().dspamClass()).isEqualTo(DspamClass.SPAM);
        }

        @Test
        void aMessageThatCannotBeWrittenIsDeliveredUnclassified() throws Exception {
            MimeMessage unwritable = new MimeMessage(message().build()) {
                @Override
                public void writeTo(OutputStream out) throws MessagingException {
                    throw new MessagingException("In parameter list <;;;>, expected parameter name");
                }
            };
            FakeMail mail = FakeMail.builder().name("mail1").mimeMessage(unwritable).sender("sender@elsewhere.net")
                .recipient(alice).size(1000).build();

            mailet("onFailure", "throw").service(mail);

            assertThat(backend.requests()).isEmpty();
            RecipientVerdict verdict = attribute.read(mail, alice).orElseThrow();
            assertThat(verdict.status()).isEqualTo(RecipientVerdict.Status.SKIPPED);
            assertThat(verdict.reason().orElseThrow()).contains("unreadable");
            assertThat(metrics.countFor("dspam.skipped.unreadable")).isEqualTo(1);
            assertThat(mail.getState()).isNotEqualTo(Mail.ERROR);
        }
    }

    @Nested
    class FailurePolicy {
        @Test
        void aDownBackendDeliversUnclassifiedAndRecordsTheError() throws Exception {
            backend.failWith(DspamException.Kind.UNREACHABLE);
            FakeMail mail = mail(message(), alice, bob);

            mailet().service(mail);

            RecipientVerdict verdict = attribute.read(mail, alice).orElseThrow();
            assertThat(verdict.status()).isEqualTo(RecipientVerdict.Status.FAILED);
            assertThat(verdict.reason().orElseThrow()).startsWith("unreachable");
            assertThat(attribute.read(mail, bob).orElseThrow().status()).isEqualTo(RecipientVerdict.Status.FAILED);
            assertThat(metrics.countFor("dspam.failure.unreachable")).isEqualTo(1);
            assertThat(headersFor(mail, alice)).containsOnly(entry("X-DSPAM-Unclassified", "unreachable"));
            assertThat(headersFor(mail, bob)).containsOnly(entry("X-DSPAM-Unclassified", "unreachable"));
            assertThat(mail.getRecipients()).containsExactly(alice, bob);
        }

        @Test
        void garbageFromTheBackendIsAFailureToo() throws Exception {
            backend.failWith(DspamException.Kind.PROTOCOL);
            FakeMail mail = mail(message(), alice);

            mailet().service(mail);

            assertThat(metrics.countFor("dspam.failure.protocol")).isEqualTo(1);
            assertThat(attribute.read(mail, alice).orElseThrow().status()).isEqualTo(RecipientVerdict.Status.FAILED);
        }

        @Test
        void anUnexpectedExceptionIsCountedAsInternal() throws Exception {
            backend.crashWith(new IllegalStateException("boom"));
            FakeMail mail = mail(message(), alice);

            mailet().service(mail);

            assertThat(metrics.countFor("dspam.failure.internal")).isEqualTo(1);
            assertThat(attribute.read(mail, alice).orElseThrow().reason().orElseThrow()).contains("boom");
            assertThat(headersFor(mail, alice)).containsOnly(entry("X-DSPAM-Unclassified", "internal"));
        }

        @Test
        void onFailureThrowLetsJamesDecide() throws Exception {
            backend.failWith(DspamException.Kind.UNREACHABLE);
            FakeMail mail = mail(message(), alice);
            Dspam dspam = mailet("onFailure", "throw");

            assertThatThrownBy(() -> dspam.service(mail)).isInstanceOf(MessagingException.class)
                .hasMessageContaining("scripted UNREACHABLE");
            assertThat(attribute.read(mail, alice).orElseThrow().status()).isEqualTo(RecipientVerdict.Status.FAILED);
            assertThat(metrics.countFor("dspam.failure.unreachable")).isEqualTo(1);
        }

        @Test
        void aHungBackendHoldsTheMailNoLongerThanTheTimeout() throws Exception {
            CountDownLatch release = backend.hang();
            FakeMail mail = mail(message(), alice);
            try {
                mailet("timeout", "200ms").service(mail);
            } finally {
                release.countDown();
            }

            RecipientVerdict verdict = attribute.read(mail, alice).orElseThrow();
            assertThat(verdict.status()).isEqualTo(RecipientVerdict.Status.FAILED);
            assertThat(verdict.reason().orElseThrow()).startsWith("timeout");
            assertThat(metrics.countFor("dspam.failure.timeout")).isEqualTo(1);
        }
    }

    @Nested
    class CircuitBreaker {
        @Test
        void afterThreeTimeoutsMailIsDeliveredUnclassifiedAtOnceSayingWhy() throws Exception {
            CountDownLatch release = backend.hang();
            try {
                Dspam dspam = mailet("timeout", "50ms");
                for (int i = 0; i < 3; i++) {
                    dspam.service(mail(message(), alice));
                }
                FakeMail fourth = mail(message(), alice);
                dspam.service(fourth);

                RecipientVerdict verdict = attribute.read(fourth, alice).orElseThrow();
                assertThat(verdict.status()).isEqualTo(RecipientVerdict.Status.FAILED);
                assertThat(verdict.reason().orElseThrow()).startsWith("unreachable: circuit open");
                assertThat(fourth.getMessage().getHeader("X-DSPAM-Result")).isNull();
                assertThat(backend.requests()).as("the fourth mail never reached the backend").hasSize(3);
                assertThat(metrics.countFor("dspam.failure.timeout")).isEqualTo(3);
                assertThat(metrics.countFor("dspam.failure.unreachable")).isEqualTo(1);
            } finally {
                release.countDown();
            }
        }

        @Test
        void disabledInDspamPropertiesEveryMailWaitsItsTimeout() throws Exception {
            CountDownLatch release = backend.hang();
            try {
                Dspam dspam = mailet(DspamConfiguration.of(Map.of("breaker.enabled", "false")), "timeout", "50ms");
                for (int i = 0; i < 5; i++) {
                    dspam.service(mail(message(), alice));
                }

                assertThat(backend.requests()).hasSize(5);
                assertThat(metrics.countFor("dspam.failure.timeout")).isEqualTo(5);
            } finally {
                release.countDown();
            }
        }
    }

    @Nested
    class Autolearn {
        FakeMail mailWithSpamAssassin(String status, MailAddress... recipients) throws MessagingException {
            FakeMail mail = mail(message(), recipients);
            for (MailAddress recipient : recipients) {
                mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name(SA_STATUS).value(status).build(),
                    recipient);
            }
            return mail;
        }

        @Test
        void aSpamAssassinSpamDspamCalledInnocentIsRetrainedAsSpamBySignature() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE);
            FakeMail mail = mailWithSpamAssassin("Yes, hits=15.2 required=5.0", alice);

            mailet("autolearn", "spamassassin").service(mail);

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).singleElement().satisfies(request -> {
                assertThat(request.users()).containsExactly(DspamUser.of("alice@example.org"));
                assertThat(request.trainingClass()).contains(TrainingClass.SPAM);
                assertThat(request.source()).contains(TrainingSource.ERROR);
                assertThat(request.signature()).contains(Signature.of(SIGNATURE_ALICE));
            });
            assertThat(DspamTrainingAttribute.defaultName().read(mail, alice)).contains(TrainingClass.SPAM);
            assertThat(metrics.countFor("dspam.autolearn.spam")).isEqualTo(1);
            assertThat(metrics.executionTimesFor("dspam.train")).hasSize(1);
        }

        @Test
        void theLearnSpamThresholdIsInclusive() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE);

            mailet("autolearn", "spamassassin").service(mailWithSpamAssassin("Yes, hits=12.0 required=5.0", alice));
            mailet("autolearn", "spamassassin").service(mailWithSpamAssassin("Yes, hits=11.9 required=5.0", alice));

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).hasSize(1);
        }

        @Test
        void theLearnHamThresholdIsInclusive() throws Exception {
            backend.spam("alice@example.org", 0.9, SIGNATURE_ALICE);

            mailet("autolearn", "spamassassin").service(mailWithSpamAssassin("No, hits=0.1 required=5.0", alice));
            mailet("autolearn", "spamassassin").service(mailWithSpamAssassin("No, hits=0.2 required=5.0", alice));

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).singleElement()
                .satisfies(request -> assertThat(request.trainingClass()).contains(TrainingClass.INNOCENT));
        }

        @Test
        void thresholdsAreParameters() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE);

            mailet("autolearn", "spamassassin", "autolearn.learnSpam", "8").service(
                mailWithSpamAssassin("Yes, hits=8.0 required=5.0", alice));

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).hasSize(1);
        }

        @Test
        void agreementTrainsNothing() throws Exception {
            backend.spam("alice@example.org", 0.9, SIGNATURE_ALICE);

            mailet("autolearn", "spamassassin").service(mailWithSpamAssassin("Yes, hits=25.0 required=5.0", alice));

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).isEmpty();
            assertThat(backend.requests(DspamRequest.Operation.TRAIN)).isEmpty();
        }

        @Test
        void withoutAutolearnNothingIsTrained() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE);

            mailet().service(mailWithSpamAssassin("Yes, hits=25.0 required=5.0", alice));

            assertThat(backend.requests()).extracting(DspamRequest::operation).containsExactly(DspamRequest.Operation.PROCESS);
        }

        @Test
        void onlyOncePerMessageAndRecipient() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE);
            FakeMail mail = mailWithSpamAssassin("Yes, hits=25.0 required=5.0", alice);
            Dspam dspam = mailet("autolearn", "spamassassin");

            dspam.service(mail);
            dspam.service(mail);

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).hasSize(1);
        }

        @Test
        void eachRecipientIsJudgedWithItsOwnSpamAssassinResult() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE).innocent("bob@example.org", 0.9, SIGNATURE_BOB);
            FakeMail mail = mail(message(), alice, bob);
            mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name(SA_STATUS)
                .value("Yes, hits=20.0 required=5.0").build(), alice);
            mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name(SA_STATUS)
                .value("No, hits=1.0 required=5.0").build(), bob);

            mailet("autolearn", "spamassassin").service(mail);

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).singleElement()
                .satisfies(request -> assertThat(request.users()).containsExactly(DspamUser.of("alice@example.org")));
        }

        @Test
        void withoutASignatureTheMessageItselfIsLearned() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE);

            mailet("autolearn", "spamassassin", "mode", "classify").service(
                mailWithSpamAssassin("Yes, hits=25.0 required=5.0", alice));

            assertThat(backend.requests(DspamRequest.Operation.TRAIN)).singleElement().satisfies(request -> {
                assertThat(request.trainingClass()).contains(TrainingClass.SPAM);
                assertThat(request.source()).contains(TrainingSource.CORPUS);
                assertThat(asText(request.message())).contains("Buy cheap watches today");
            });
        }

        @Test
        void aSharedSeedUserIsTrainedOnceForAllItsRecipients() throws Exception {
            backend.innocent("james", 0.9, SIGNATURE_ALICE);
            FakeMail mail = mailWithSpamAssassin("Yes, hits=25.0 required=5.0", alice, bob);

            mailet(DspamConfiguration.of(Map.of("userMapping", "seed", "autolearn", "spamassassin"))).service(mail);

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).hasSize(1);
            assertThat(DspamTrainingAttribute.defaultName().isTrained(mail, bob)).isTrue();
        }

        @Test
        void aFailedTrainingStillDeliversTheMail() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE).failTraining();
            FakeMail mail = mailWithSpamAssassin("Yes, hits=25.0 required=5.0", alice);

            mailet("autolearn", "spamassassin").service(mail);

            assertThat(metrics.countFor("dspam.failure.storage")).isEqualTo(1);
            assertThat(headersFor(mail, alice)).containsKey("X-DSPAM-Signature");
            assertThat(DspamTrainingAttribute.defaultName().isTrained(mail, alice)).isFalse();
        }

        @Test
        void aBlocklistedConnectionTeachesSpam() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice);
            mail.setAttribute(new Attribute(AttributeName.of("org.apache.james.smtpserver.rbl.blocklisted"),
                AttributeValue.of(true)));

            mailet("autolearn", "dnsrbl").service(mail);

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).hasSize(1);
        }

        @Test
        void anSpfFailTeachesSpamWithAny() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice);
            mail.setAttribute(new Attribute(AttributeName.of("org.apache.james.transport.mailets.spf.result"),
                AttributeValue.of("fail")));

            mailet("autolearn", "any").service(mail);

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).singleElement()
                .satisfies(request -> assertThat(request.trainingClass()).contains(TrainingClass.SPAM));
        }

        @Test
        void aSourceNotEnabledIsIgnored() throws Exception {
            backend.innocent("alice@example.org", 0.9, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice);
            mail.setAttribute(new Attribute(AttributeName.of("org.apache.james.transport.mailets.spf.result"),
                AttributeValue.of("fail")));

            mailet("autolearn", "spamassassin").service(mail);

            assertThat(backend.requests(DspamRequest.Operation.RETRAIN)).isEmpty();
        }
    }

    @Nested
    class SmtpVerdictReuse {
        @Test
        void aVerdictTheSmtpHookStoredIsNotAskedAgain() throws Exception {
            FakeMail mail = mail(message().addHeader("X-DSPAM-Signature", "forgedsignature1"), alice);
            DspamResult result = DspamResult.builder().user(DspamUser.of("alice@example.org")).verdict(Verdict.SPAM)
                .probability(1.0).confidence(0.97).signature(Signature.of(SIGNATURE_ALICE)).build();
            attribute.write(mail, alice, RecipientVerdict.classified(result));
            SmtpVerdicts.mark(mail);

            mailet().service(mail);

            assertThat(backend.requests()).isEmpty();
            assertThat(headersFor(mail, alice)).containsEntry("X-DSPAM-Signature", SIGNATURE_ALICE);
            assertThat(mail.getMessage().getHeader("X-DSPAM-Signature")).isNull();
            assertThat(mail.getAttribute(SmtpVerdicts.CLASSIFIED_AT_SMTP)).isEmpty();
        }

        @Test
        void aFailureAtSmtpTimeIsRetriedInTheSpool() throws Exception {
            backend.spam("alice@example.org", 0.99, SIGNATURE_ALICE);
            FakeMail mail = mail(message(), alice);
            attribute.write(mail, alice, RecipientVerdict.failed("timeout: slow"));
            SmtpVerdicts.mark(mail);

            mailet().service(mail);

            assertThat(backend.requests()).hasSize(1);
            assertThat(attribute.read(mail, alice).orElseThrow().status()).isEqualTo(RecipientVerdict.Status.CLASSIFIED);
        }

        @Test
        void withoutTheServerSideMarkAnExistingAttributeIsNotTrusted() throws Exception {
            backend.innocent("alice@example.org", 1.0, SIGNATURE_BOB);
            FakeMail mail = mail(message(), alice);
            DspamResult planted = DspamResult.builder().user(DspamUser.of("alice@example.org")).verdict(Verdict.SPAM)
                .probability(1.0).confidence(1.0).signature(Signature.of(SIGNATURE_ALICE)).build();
            attribute.write(mail, alice, RecipientVerdict.classified(planted));

            mailet().service(mail);

            assertThat(headersFor(mail, alice)).containsEntry("X-DSPAM-Signature", SIGNATURE_BOB);
        }
    }

    @Nested
    class Parameters {
        @Test
        void anUnknownParameterIsNamed() {
            assertThatThrownBy(() -> mailet("maxsize", "10")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("'maxsize'");
        }

        @Test
        void theSmtpHooksKeysAreRefusedRatherThanIgnored() {
            for (String key : new String[] {"reject", "rejectType"}) {
                assertThatThrownBy(() -> mailet(key, "agree")).as(key).isInstanceOf(MessagingException.class)
                    .hasMessageContaining("'" + key + "'").hasMessageContaining("not used here");
            }
        }

        @Test
        void sharedSettingsCannotBeOverriddenPerMailet() {
            assertThatThrownBy(() -> mailet("backend", "dspamd")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("'backend'").hasMessageContaining("dspam.properties");
            assertThatThrownBy(() -> mailet("userMapping", "domain")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("'userMapping'");
        }

        @Test
        void aBadValueNamesItsKey() {
            assertThatThrownBy(() -> mailet("autolearn", "karma")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("'autolearn'").hasMessageContaining("karma");
            assertThatThrownBy(() -> mailet("timeout", "soon")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("'timeout'");
            assertThatThrownBy(() -> mailet("onFailure", "retry")).isInstanceOf(MessagingException.class)
                .hasMessageContaining("'onFailure'");
        }
    }
}
