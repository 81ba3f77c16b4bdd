package io.jamesdspam.mailet.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import io.jamesdspam.mailet.mime.NestedMultiparts;

class MimeDepthHookTest {
    private final SMTPSession session = mock(SMTPSession.class);

    private static FakeMail mail(byte[] message) throws MessagingException {
        MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
        return FakeMail.builder().name("deep").mimeMessage(mime).build();
    }

    private static MimeDepthHook hook(String maxDepth) throws ConfigurationException {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        if (maxDepth != null) {
            configuration.addProperty("maxDepth", maxDepth);
        }
        MimeDepthHook hook = new MimeDepthHook();
        hook.init(configuration);
        return hook;
    }

    @Test
    void refusesAMailNestedDeeperThanTheLimitWith554() throws Exception {
        HookResult result = hook(null).onMessage(session, mail(NestedMultiparts.of(2000)));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("554");
        assertThat(result.getSmtpDescription()).isEqualTo("5.6.0 MIME parts nested deeper than 100 levels");
    }

    @Test
    void letsOrdinaryAndLimitDeepMailPass() throws Exception {
        assertThat(hook(null).onMessage(session, mail(NestedMultiparts.of(100)))).isEqualTo(HookResult.DECLINED);
        assertThat(hook(null).onMessage(session, mail("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII))))
            .isEqualTo(HookResult.DECLINED);
        assertThat(hook("3").onMessage(session, mail(NestedMultiparts.of(4))).getSmtpRetCode()).isEqualTo("554");
    }

    @Test
    void refusesABadLimitNamingIt() {
        assertThatThrownBy(() -> hook("deep")).isInstanceOf(ConfigurationException.class).hasMessageContaining("maxDepth 'deep'");
        assertThatThrownBy(() -> hook("0")).isInstanceOf(ConfigurationException.class).hasMessageContaining("at least 1");
    }
}
