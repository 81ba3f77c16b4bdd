package io.jamesdspam.engine.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.message.DegeneratedMessage;

class TokenWordsTest {
    private static final byte[] HEADERS = ("From: Alice <alice@example.org>\nSubject: use it only for fun\n"
        + "Received: from a.example.org\n\tby b.example.org").getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] BODY = "Click   here,\nnow! P\u00e1draig's Users' Group".getBytes(StandardCharsets.ISO_8859_1);

    private final TokenWords osb = TokenWords.of(new DegeneratedMessage(HEADERS, BODY), TokenizerSettings.defaults());

    @Test
    void skippedPositionsAreFilledWithTheMessagesWords() {
        assertThat(osb.wordsOf("Subject*use+#+#+for")).contains("Subject: use it only for");
        assertThat(osb.wordsOf("Click+#+now!")).contains("Click here, now!");
        assertThat(osb.wordsOf("P\u00e1draig's+#+Group")).contains("P\u00e1draig's Users' Group");
    }

    @Test
    void continuationLinesBelongToTheirHeading() {
        assertThat(osb.wordsOf("Received*by+b.example.org")).contains("Received: by b.example.org");
        assertThat(osb.wordsOf("by+b.example.org")).isEmpty();
    }

    @Test
    void namesNotMadeOfTheMessagesWordsInOrderHaveNoWords() {
        assertThat(osb.wordsOf("Subject*for+use")).isEmpty();
        assertThat(osb.wordsOf("Url*//example")).isEmpty();
        assertThat(osb.wordsOf("bnr.s|0.00_0.40_0.05_")).isEmpty();
        assertThat(osb.wordsOf("Subject*use+#+#+#+#+#+fun")).isEmpty();
    }

    @Test
    void chainBigramsAreAdjacentWords() {
        TokenWords chain = TokenWords.of(new DegeneratedMessage(HEADERS, BODY),
            TokenizerSettings.defaults().toBuilder().kind(TokenizerKind.CHAIN).build());

        assertThat(chain.wordsOf("Subject*only+for")).contains("Subject: only for");
        assertThat(chain.wordsOf("Click+here")).contains("Click here");
        assertThat(chain.wordsOf("Click+now!")).isEmpty();
    }
}
