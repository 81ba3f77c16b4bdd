package io.jamesdspam.attribute;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.Verdict;

class DspamResultAttributeTest {
    private final DspamResultAttribute attribute = DspamResultAttribute.defaultName();

    @Test
    void keepsOneVerdictPerRecipient() throws Exception {
        MailAddress alice = new MailAddress("alice@example.org");
        MailAddress bob = new MailAddress("bob@example.org");
        FakeMail mail = FakeMail.builder().name("m").recipients(alice, bob).build();
        DspamResult spam = DspamResult.builder().user(DspamUser.of("alice@example.org")).verdict(Verdict.SPAM)
            .dspamClass(DspamClass.SPAM).probability(1.0).confidence(0.99f)
            .signature(Signature.of("4b11c532158749980119923")).build();

        attribute.write(mail, alice, RecipientVerdict.classified(spam));
        attribute.write(mail, bob, RecipientVerdict.failed("dspamd unreachable"));

        assertThat(attribute.read(mail, alice)).contains(RecipientVerdict.classified(spam));
        assertThat(attribute.readResult(mail, alice).orElseThrow().confidence()).isEqualTo((double) 0.99f);
        assertThat(attribute.read(mail, bob)).contains(RecipientVerdict.failed("dspamd unreachable"));
        assertThat(attribute.readAll(mail)).hasSize(2);
    }

    @Test
    void valueIsMadeOfPlainSerialisableFields() throws Exception {
        MailAddress alice = new MailAddress("alice@example.org");
        FakeMail mail = FakeMail.builder().name("m").recipient(alice).build();
        DspamResult whitelisted = DspamResult.builder().user(DspamUser.of("alice@example.org"))
            .verdict(Verdict.INNOCENT).dspamClass(DspamClass.WHITELISTED).probability(0.6685).confidence(0.12)
            .build();

        attribute.write(mail, alice, RecipientVerdict.classified(whitelisted));

        AttributeValue<?> value = mail.getAttribute(AttributeName.of("dspam.result")).orElseThrow().getValue();
        assertThat(AttributeValue.fromJsonString(value.toJson().orElseThrow().toString())).isEqualTo(value);
    }

    @Test
    void foreignOrMalformedValuesAreIgnored() throws Exception {
        MailAddress alice = new MailAddress("alice@example.org");
        FakeMail mail = FakeMail.builder().name("m").recipient(alice).build();
        mail.setAttribute(new Attribute(AttributeName.of("dspam.result"), AttributeValue.of("forged")));

        assertThat(attribute.read(mail, alice)).isEmpty();
    }
}
