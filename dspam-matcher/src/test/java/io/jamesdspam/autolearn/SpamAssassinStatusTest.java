package io.jamesdspam.autolearn;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.PerRecipientHeaders;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class SpamAssassinStatusTest {
    @Test
    void parsesTheStatusJamesWrites() {
        SpamAssassinStatus status = SpamAssassinStatus.parse("Yes, hits=15.3 required=5.0").orElseThrow();

        assertThat(status.isSpam()).isTrue();
        assertThat(status.hits()).contains(15.3);
        assertThat(SpamAssassinStatus.parse("No, hits=-1.2 required=5.0").orElseThrow().hits()).contains(-1.2);
    }

    @Test
    void anUnreachableSpamdGivesNoScore() {
        assertThat(SpamAssassinStatus.parse("No, hits=? required=?").orElseThrow().hits()).isEmpty();
    }

    @Test
    void somethingElseIsNotAStatus() {
        assertThat(SpamAssassinStatus.parse("maybe")).isEmpty();
        assertThat(SpamAssassinStatus.parse(null)).isEmpty();
    }

    @Test
    void thePerRecipientValueWinsOverTheMailAttribute() throws Exception {
        MailAddress alice = new MailAddress("alice@example.org");
        MailAddress bob = new MailAddress("bob@example.org");
        FakeMail mail = FakeMail.builder().name("m").recipients(alice, bob).build();
        mail.setAttribute(new Attribute(AttributeName.of(SpamAssassinStatus.STATUS_NAME), AttributeValue.of("No, hits=1.0 required=5.0")));
        mail.addSpecificHeaderForRecipient(PerRecipientHeaders.Header.builder().name(SpamAssassinStatus.STATUS_NAME)
            .value("Yes, hits=9.0 required=5.0").build(), alice);

        assertThat(SpamAssassinStatus.of(mail, alice).orElseThrow().isSpam()).isTrue();
        assertThat(SpamAssassinStatus.of(mail, bob).orElseThrow().isSpam()).isFalse();
    }

    @Test
    void theMessagesOwnHeadersAreNeverRead() throws Exception {
        MailAddress alice = new MailAddress("alice@example.org");
        FakeMail mail = FakeMail.builder().name("m").recipient(alice)
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader(SpamAssassinStatus.STATUS_NAME, "Yes, hits=99.0 required=5.0").setText("x"))
            .build();

        assertThat(SpamAssassinStatus.of(mail, alice)).isEmpty();
    }
}
