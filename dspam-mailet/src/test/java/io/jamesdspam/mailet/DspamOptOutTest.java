package io.jamesdspam.mailet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.JournalDspamStore;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/** A user who opted out of filtering (DSPAM's optOut preference) on the real engine: the mailet records why. */
class DspamOptOutTest {
    @TempDir
    Path directory;

    private EmbeddedDspam engine;
    private RecordingMetricFactory metrics;
    private MailAddress alice;
    private MailAddress bob;

    @BeforeEach
    void setUp() throws Exception {
        engine = EmbeddedDspam.create(EngineSettings.from(DspamConf.parse("AllowOverride optOut optIn")),
            JournalDspamStore.open(directory));
        metrics = new RecordingMetricFactory();
        alice = new MailAddress("alice@example.org");
        bob = new MailAddress("bob@example.org");
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    private Dspam mailet() throws MessagingException {
        MailetContext context = mock(MailetContext.class);
        when(context.isLocalEmail(any())).thenReturn(true);
        DspamConfiguration shared = DspamConfiguration.defaults();
        Dspam dspam = new Dspam(new TimeBoundBackend(engine, shared.backendGuard()), shared, shared.userMapping(), metrics);
        dspam.init(FakeMailetConfig.builder().mailetName("dspam").mailetContext(context).build());
        return dspam;
    }

    private FakeMail mail() throws MessagingException {
        return FakeMail.builder().name("mail1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addFrom("sender@elsewhere.net")
                .setSubject("Cheap watches").setText("Buy cheap watches today"))
            .sender("sender@elsewhere.net").recipients(alice, bob).size(1000).build();
    }

    @Test
    void anOptedOutUsersCopyIsSkippedWithDspamsReasonAndNoHeaders() throws Exception {
        engine.setPreference(DspamUser.of("alice@example.org"), "optOut", "on");
        FakeMail mail = mail();

        mailet().service(mail);

        DspamResultAttribute attribute = DspamResultAttribute.defaultName();
        RecipientVerdict verdict = attribute.read(mail, alice).orElseThrow();
        assertThat(verdict.status()).isEqualTo(RecipientVerdict.Status.SKIPPED);
        assertThat(verdict.reason()).hasValueSatisfying(reason ->
            assertThat(reason).startsWith("not filtered").contains("opted out").contains("optOut=on"));
        assertThat(mail.getPerRecipientSpecificHeaders().getHeadersForRecipient(alice)).isEmpty();
        assertThat(metrics.countFor("dspam.skipped.opted-out")).isEqualTo(1);
        assertThat(metrics.countFor("dspam.failure.internal")).isZero();
        assertThat(engine.totals(DspamUser.of("alice@example.org"))).isEqualTo(DspamTotals.EMPTY);

        assertThat(attribute.read(mail, bob).orElseThrow().status()).isEqualTo(RecipientVerdict.Status.CLASSIFIED);
        assertThat(mail.getPerRecipientSpecificHeaders().getHeadersForRecipient(bob)).isNotEmpty();
    }
}
