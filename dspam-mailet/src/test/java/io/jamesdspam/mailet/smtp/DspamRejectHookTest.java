package io.jamesdspam.mailet.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.Domain;
import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.fastfail.DNSRBLHandler;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.rrt.api.RecipientRewriteTableConfiguration;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.memory.MemoryRecipientRewriteTable;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.MailetContext;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.jamesdspam.api.DspamException;
import io.jamesdspam.attribute.DspamResultAttribute;
import io.jamesdspam.attribute.RecipientVerdict;
import io.jamesdspam.mailet.Dspam;
import io.jamesdspam.mailet.ScriptedBackend;
import io.jamesdspam.mailet.backend.TimeBoundBackend;
import io.jamesdspam.mailet.configuration.BackendGuardSettings;
import io.jamesdspam.mailet.configuration.DspamConfiguration;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Verdict;

class DspamRejectHookTest {
    static final String SIGNATURE = "4b11c532158749980119923";
    static final AttributeName SA_STATUS = AttributeName.of("org.apache.james.spamassassin.status");

    ScriptedBackend backend;
    RecordingMetricFactory metrics;
    DomainList domainList;
    MemoryRecipientRewriteTable recipientRewriteTable;
    SMTPSession session;
    MailAddress alice;
    MailAddress bob;

    @BeforeEach
    void setUp() throws Exception {
        backend = new ScriptedBackend();
        metrics = new RecordingMetricFactory();
        domainList = mock(DomainList.class);
        when(domainList.containsDomain(any())).thenAnswer(call -> call.getArgument(0).equals(Domain.of("example.org")));
        recipientRewriteTable = new MemoryRecipientRewriteTable();
        recipientRewriteTable.setDomainList(domainList);
        recipientRewriteTable.setConfiguration(RecipientRewriteTableConfiguration.DEFAULT_ENABLED);
        session = mock(SMTPSession.class);
        when(session.getAttachment(any(), any())).thenReturn(Optional.empty());
        alice = new MailAddress("alice@example.org");
        bob = new MailAddress("bob@example.org");
    }

    DspamRejectHook hook(String... settings) throws ConfigurationException {
        BaseHierarchicalConfiguration handler = new BaseHierarchicalConfiguration();
        handler.addProperty("[@class]", DspamRejectHook.class.getName());
        for (int i = 0; i < settings.length; i += 2) {
            handler.addProperty(settings[i], settings[i + 1]);
        }
        DspamRejectHook hook = new DspamRejectHook(new TimeBoundBackend(backend, BackendGuardSettings.defaults()), DspamConfiguration.defaults(),
            DspamUserMapping.recipient(), domainList, recipientRewriteTable, metrics);
        hook.init(handler);
        return hook;
    }

    /** The Dspam mailet of the spool, after the hook, every recipient local. */
    Dspam spoolMailet() throws MessagingException {
        MailetContext context = mock(MailetContext.class);
        when(context.isLocalEmail(any())).thenReturn(true);
        Dspam mailet = new Dspam(new TimeBoundBackend(backend, BackendGuardSettings.defaults()), DspamConfiguration.defaults(),
            DspamUserMapping.recipient(), metrics);
        mailet.init(FakeMailetConfig.builder().mailetName("dspam").mailetContext(context).build());
        return mailet;
    }

    FakeMail mail(MailAddress... recipients) throws MessagingException {
        return FakeMail.builder().name("smtp-mail").mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .setSubject("Cheap watches").setText("Buy cheap watches today"))
            .sender("sender@elsewhere.net").recipients(recipients).size(1000).build();
    }

    FakeMail mailWithSpamAssassin(String status, MailAddress... recipients) throws MessagingException {
        FakeMail mail = mail(recipients);
        mail.setAttribute(new Attribute(SA_STATUS, AttributeValue.of(status)));
        return mail;
    }

    @Nested
    class Threshold {
        @Test
        void rejectionIsOffByDefault() throws Exception {
            backend.spam("alice@example.org", 1.0, SIGNATURE);

            assertThat(hook().onMessage(session, mail(alice))).isEqualTo(HookResult.DECLINED);
        }

        @Test
        void aSpamAtTheThresholdIsRefusedPermanently() throws Exception {
            backend.spam("alice@example.org", 0.95, SIGNATURE);

            HookResult result = hook("reject", "0.95").onMessage(session, mail(alice));

            assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
            assertThat(result.getSmtpRetCode()).isEqualTo("552");
            assertThat(result.getSmtpDescription()).isEqualTo("5.6.1 dspam says, no spam please");
            assertThat(metrics.countFor("dspam.smtp.rejected")).isEqualTo(1);
        }

        @Test
        void aSpamBelowTheThresholdPasses() throws Exception {
            backend.spam("alice@example.org", 0.94, SIGNATURE);

            assertThat(hook("reject", "0.95").onMessage(session, mail(alice))).isEqualTo(HookResult.DECLINED);
        }

        @Test
        void theConfidenceIsComparedNotTheProbability() throws Exception {
            backend.answer("alice@example.org", Verdict.SPAM, DspamClass.SPAM, 1.0, 0.5, SIGNATURE);

            assertThat(hook("reject", "0.95").onMessage(session, mail(alice))).isEqualTo(HookResult.DECLINED);
        }

        @Test
        void aConfidentInnocentPasses() throws Exception {
            backend.innocent("alice@example.org", 1.0, SIGNATURE);

            assertThat(hook("reject", "0.5").onMessage(session, mail(alice))).isEqualTo(HookResult.DECLINED);
        }

        @Test
        void oneRecipientCallingItInnocentKeepsTheMail() throws Exception {
            backend.spam("alice@example.org", 1.0, SIGNATURE).innocent("bob@example.org", 1.0, SIGNATURE);

            assertThat(hook("reject", "0.9").onMessage(session, mail(alice, bob))).isEqualTo(HookResult.DECLINED);
        }

        @Test
        void aDownBackendNeverRefuses() throws Exception {
            backend.failWith(DspamException.Kind.UNREACHABLE);
            FakeMail mail = mail(alice);

            assertThat(hook("reject", "0.1").onMessage(session, mail)).isEqualTo(HookResult.DECLINED);
            assertThat(DspamResultAttribute.defaultName().read(mail, alice).orElseThrow().status())
                .isEqualTo(RecipientVerdict.Status.FAILED);
        }
    }

    @Nested
    class RejectTypes {
        @Test
        void tempDefers() throws Exception {
            backend.spam("alice@example.org", 1.0, SIGNATURE);

            HookResult result = hook("reject", "0.9", "rejectType", "temp").onMessage(session, mail(alice));

            assertThat(result.getResult()).isEqualTo(HookReturnCode.denySoft());
            assertThat(result.getSmtpRetCode()).isEqualTo("452");
            assertThat(result.getSmtpDescription()).isEqualTo("4.6.1 dspam says, no spam please");
        }

        @Test
        void disconnectRefusesAndCloses() throws Exception {
            backend.spam("alice@example.org", 1.0, SIGNATURE);

            HookResult result = hook("reject", "0.9", "rejectType", "disconnect").onMessage(session, mail(alice));

            assertThat(result.getResult()).isEqualTo(HookReturnCode.disconnected(HookReturnCode.Action.DENY));
            assertThat(result.getResult().isDisconnected()).isTrue();
            assertThat(result.getSmtpRetCode()).isEqualTo("552");
        }

        @Test
        void tempDisconnectDefersAndCloses() throws Exception {
            backend.spam("alice@example.org", 1.0, SIGNATURE);

            HookResult result = hook("reject", "0.9", "rejectType", "temp_disconnect").onMessage(session, mail(alice));

            assertThat(result.getResult()).isEqualTo(HookReturnCode.disconnected(HookReturnCode.Action.DENYSOFT));
        }

        @Test
        void aBadRejectTypeNamesItsKey() {
            assertThatThrownBy(() -> hook("rejectType", "bounce")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'rejectType'");
        }

        @Test
        void theMailetsKeysAreRefusedRatherThanIgnored() {
            for (String key : new String[] {"onFailure", "autolearn"}) {
                assertThatThrownBy(() -> hook(key, "throw")).as(key).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("DspamRejectHook").hasMessageContaining("'" + key + "'")
                    .hasMessageContaining("not used here");
            }
        }

        @Test
        void aWordThatIsNotAgreeIsRefusedRatherThanRejectingEverything() {
            assertThatThrownBy(() -> hook("reject", "naughty")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'reject'");
        }
    }

    @Nested
    class Agree {
        @Test
        void bothSayingSpamRefusesWhateverTheConfidence() throws Exception {
            backend.answer("alice@example.org", Verdict.SPAM, DspamClass.SPAM, 0.90, 0.3, SIGNATURE);

            HookResult result = hook("reject", "agree").onMessage(session,
                mailWithSpamAssassin("Yes, hits=25.0 required=5.0", alice));

            assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
            assertThat(result.getSmtpDescription()).isEqualTo("5.6.1 we agree, no spam please");
        }

        @Test
        void spamAssassinSayingHamPasses() throws Exception {
            backend.spam("alice@example.org", 1.0, SIGNATURE);

            assertThat(hook("reject", "agree").onMessage(session, mailWithSpamAssassin("No, hits=1.5 required=5.0", alice)))
                .isEqualTo(HookResult.DECLINED);
        }

        @Test
        void withoutSpamAssassinNothingIsRefused() throws Exception {
            backend.spam("alice@example.org", 1.0, SIGNATURE);

            assertThat(hook("reject", "agree").onMessage(session, mail(alice))).isEqualTo(HookResult.DECLINED);
        }

        @Test
        void dspamSayingInnocentPasses() throws Exception {
            backend.innocent("alice@example.org", 1.0, SIGNATURE);

            assertThat(hook("reject", "agree").onMessage(session, mailWithSpamAssassin("Yes, hits=10.0 required=5.0", alice)))
                .isEqualTo(HookResult.DECLINED);
        }
    }

    @Nested
    class Session {
        @Test
        void relayedMailIsNotClassified() throws Exception {
            when(session.isRelayingAllowed()).thenReturn(true);

            assertThat(hook("reject", "0.1").onMessage(session, mail(alice))).isEqualTo(HookResult.DECLINED);
            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void authenticatedMailIsNotClassified() throws Exception {
            when(session.getUsername()).thenReturn(Username.of("bob@example.org"));

            hook().onMessage(session, mail(alice));

            assertThat(backend.requests()).isEmpty();
        }

        @Test
        void aBlocklistedConnectionIsRecordedOnTheMail() throws Exception {
            when(session.getAttachment(eq(DNSRBLHandler.RBL_BLOCKLISTED), eq(ProtocolSession.State.Connection)))
                .thenReturn(Optional.of(true));
            FakeMail mail = mail(alice);

            hook().onMessage(session, mail);

            assertThat(mail.getAttribute(AttributeName.of("org.apache.james.smtpserver.rbl.blocklisted")))
                .contains(new Attribute(AttributeName.of("org.apache.james.smtpserver.rbl.blocklisted"), AttributeValue.of(true)));
        }

        @Test
        void remoteRecipientsAreNotClassified() throws Exception {
            backend.spam("alice@example.org", 1.0, SIGNATURE);

            hook().onMessage(session, mail(alice, new MailAddress("carol@elsewhere.net")));

            assertThat(backend.requests()).singleElement()
                .satisfies(request -> assertThat(request.users()).hasSize(1));
        }

        @Test
        void theMailetReusesTheVerdictInsteadOfClassifyingTwice() throws Exception {
            backend.spam("alice@example.org", 0.5, SIGNATURE);
            FakeMail mail = mail(alice);
            hook("reject", "0.95").onMessage(session, mail);
            spoolMailet().service(mail);

            assertThat(backend.requests()).extracting(DspamRequest::operation)
                .containsExactly(DspamRequest.Operation.PROCESS);
            assertThat(mail.getPerRecipientSpecificHeaders().getHeadersForRecipient(alice))
                .anySatisfy(header -> assertThat(header.getValue()).isEqualTo(SIGNATURE));
        }
    }

    /** Recipients as James's RecipientRewriteTable will deliver them (the spool's mailet runs after DATA). */
    @Nested
    class RewrittenRecipients {
        @Test
        void mailToAnAliasIsClassifiedWithTheUsersDictionaryAndRefused() throws Exception {
            recipientRewriteTable.addMapping(MappingSource.fromUser("info", "example.org"), Mapping.alias("alice@example.org"));
            backend.spam("alice@example.org", 1.0, SIGNATURE);

            HookResult result = hook("reject", "0.95").onMessage(session, mail(new MailAddress("info@example.org")));

            assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
            assertThat(backend.requests()).singleElement()
                .satisfies(request -> assertThat(request.users()).extracting(DspamUser::asString).containsExactly("alice@example.org"));
        }

        @Test
        void aGroupIsRefusedOnlyWhenEveryMembersDictionaryQualifies() throws Exception {
            recipientRewriteTable.addMapping(MappingSource.fromUser("team", "example.org"), Mapping.group("alice@example.org"));
            recipientRewriteTable.addMapping(MappingSource.fromUser("team", "example.org"), Mapping.group("bob@example.org"));
            backend.spam("alice@example.org", 1.0, SIGNATURE);
            backend.innocent("bob@example.org", 1.0, SIGNATURE);

            assertThat(hook("reject", "0.95").onMessage(session, mail(new MailAddress("team@example.org"))))
                .isEqualTo(HookResult.DECLINED);
            assertThat(backend.requests()).singleElement()
                .satisfies(request -> assertThat(request.users()).extracting(DspamUser::asString)
                    .containsExactly("alice@example.org", "bob@example.org"));
        }

        @Test
        void aDomainAliasIsTheUserInTheTargetDomain() throws Exception {
            recipientRewriteTable.addMapping(MappingSource.fromDomain(Domain.of("alias.example")),
                Mapping.domainAlias(Domain.of("example.org")));
            backend.spam("alice@example.org", 1.0, SIGNATURE);

            HookResult result = hook("reject", "0.95").onMessage(session, mail(new MailAddress("alice@alias.example")));

            assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        }

        @Test
        void theMailetAfterTheRewriteReusesTheVerdicts() throws Exception {
            recipientRewriteTable.addMapping(MappingSource.fromUser("info", "example.org"), Mapping.alias("alice@example.org"));
            backend.spam("alice@example.org", 0.5, SIGNATURE);
            FakeMail mail = mail(new MailAddress("info@example.org"));
            hook("reject", "0.95").onMessage(session, mail);
            // What the spool's RecipientRewriteTable mailet does before the Dspam mailet
            mail.setRecipients(List.of(alice));
            spoolMailet().service(mail);

            assertThat(backend.requests()).hasSize(1);
            assertThat(mail.getPerRecipientSpecificHeaders().getHeadersForRecipient(alice))
                .anySatisfy(header -> assertThat(header.getValue()).isEqualTo(SIGNATURE));
        }
    }
}
