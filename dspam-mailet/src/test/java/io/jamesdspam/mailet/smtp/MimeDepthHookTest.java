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

class MimeDepthHookTest {
    private final SMTPSession session = mock(SMTPSession.class);

    private static FakeMail mail(byte[] message) throws MessagingException {
        MimeMessage mime = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message));
        return FakeMail.builder().name("deep").mimeMessage(mime).build();
    }

    private static byte[] nested(int depth) {
        StringBuilder message = new StringBuilder("Subject: deep\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"n0\"\r\n\r\n");
        for (int level = 1; level < depth; level++) {
            message.append("--n").append(level - 1).append("\r\nContent-Type: multipart/mixed; boundary=\"n")
                .append(level).append("\"\r\n\r\n");
        }
        message.append("--n").append(depth - 1).append("\r\nContent-Type: text/plain\r\n\r\nhello\r\n");
        return message.toString().getBytes(StandardCharsets.US_ASCII);
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
        HookResult result = hook(null).onMessage(session, mail(nested(2000)));

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("554");
        assertThat(result.getSmtpDescription()).isEqualTo("5.6.0 MIME parts nested deeper than 100 levels");
    }

    @Test
    void letsOrdinaryAndLimitDeepMailPass() throws Exception {
        assertThat(hook(null).onMessage(session, mail(nested(100)))).isEqualTo(HookResult.DECLINED);
        assertThat(hook(null).onMessage(session, mail("Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII))))
            .isEqualTo(HookResult.DECLINED);
        assertThat(hook("3").onMessage(session, mail(nested(4))).getSmtpRetCode()).isEqualTo("554");
    }

    @Test
    void refusesABadLimitNamingIt() {
        assertThatThrownBy(() -> hook("deep")).isInstanceOf(ConfigurationException.class).hasMessageContaining("maxDepth 'deep'");
        assertThatThrownBy(() -> hook("0")).isInstanceOf(ConfigurationException.class).hasMessageContaining("at least 1");
    }
}
