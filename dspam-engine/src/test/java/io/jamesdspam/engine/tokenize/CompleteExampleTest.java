package io.jamesdspam.engine.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.message.DegeneratedMessage;

/** docs/ENGINE-SPEC.md §2.7 and checklist item 2: the complete tokenisation example, every tokenizer, in emission order. */
class CompleteExampleTest {
    static final String MESSAGE = "From: Alice <alice@example.com>\n"
        + "Subject: Free money!!\n"
        + "\n"
        + "Buy cheap pills now at http://www.example.com/x today\n";

    static List<String> emissionOrder(TokenizerKind kind, String message) {
        TokenizedMessage tokenized = new MessageTokenizer(TokenizerSettings.builder().kind(kind).build())
            .tokenize(message.getBytes(StandardCharsets.ISO_8859_1));
        return tokenized.diction().entriesInEmissionOrder().stream()
            .map(e -> e.name() + "=" + Long.toUnsignedString(e.id()))
            .collect(Collectors.toList());
    }

    @Test
    void word() {
        assertThat(emissionOrder(TokenizerKind.WORD, MESSAGE)).containsExactly(
            "Url*http=20133809054876176", "Url*//www=6779137002398331138", "Url*example=12218962955328085320",
            "Url*com/x=6340717135067132162", "From*Alice <alice@example.com>=2214081326434349340",
            "From*Alice=17385117635955962019", "From*<alice=12778096149279439024",
            "From*example.com>=249458493026258301", "Subject*Free=7859961874264594573",
            "Subject*money!=17991789369729947559", "Buy=5581683285349629952", "cheap=4709618590743003136",
            "pills=4864187860619624448", "now=4991046254751383552", "at=5159911312129523712",
            "today=5578812683152523264");
    }

    @Test
    void chain() {
        assertThat(emissionOrder(TokenizerKind.CHAIN, MESSAGE)).containsExactly(
            "Url*http=20133809054876176", "Url*//www=6779137002398331138", "Url*example=12218962955328085320",
            "Url*com/x=6340717135067132162", "From*Alice <alice@example.com>=2214081326434349340",
            "From*Alice=17385117635955962019", "From*<alice=12778096149279439024",
            "From*Alice+<alice=4004366292229526897",
            "From*example.com>=249458493026258301", "From*<alice+example.com>=4760136600057208909",
            "Subject*Free=7859961874264594573",
            "Subject*money!=17991789369729947559", "Subject*Free+money!=3031269352950111181",
            "Buy=5581683285349629952", "cheap=4709618590743003136", "Buy+cheap=6021854932169727350",
            "pills=4864187860619624448", "cheap+pills=14646729880247013723",
            "now=4991046254751383552", "pills+now=428899802487525654",
            "at=5159911312129523712", "now+at=5159868522507149312",
            "today=5578812683152523264", "at+today=13288975245214554011");
    }

    @Test
    void osb() {
        assertThat(emissionOrder(TokenizerKind.OSB, MESSAGE)).containsExactly(
            "Url*http=20133809054876176", "Url*//www=6779137002398331138", "Url*example=12218962955328085320",
            "Url*com/x=6340717135067132162", "From*Alice <alice@example.com>=2214081326434349340",
            "From*Alice+alice=2878655875846074692", "From*Alice+#+example.com=5341742013150015882",
            "From*alice+example.com=6448621984384007051", "Subject*Free+money!!=9901745677615570587",
            "Buy+cheap=6021854932169727350", "Buy+#+pills=5923821052063474921", "Buy+#+#+now=6122486271666906345",
            "Buy+#+#+#+at=14535998737217808740", "cheap+pills=14646729880247013723",
            "cheap+#+now=14808240428694442331", "cheap+#+#+at=4558570633652660497",
            "cheap+#+#+#+today=16679662715541765163", "pills+now=428899802487525654",
            "pills+#+at=6447810397080879377", "pills+#+#+today=1235610940101592153",
            "now+at=5159868522507149312", "now+#+today=5869751371195573481", "at+today=13288975245214554011");
    }

    @Test
    void sbphOnBodyPrefix() {
        Diction diction = new MessageTokenizer(TokenizerSettings.builder().kind(TokenizerKind.SBPH).urlContext(false)
            .whitelistToken(false).build())
            .tokenize("Subject\n\nBuy cheap pills".getBytes(StandardCharsets.ISO_8859_1))
            .diction();
        List<String> names = Arrays.stream(diction.streamS()).mapToObj(index -> diction.entryAt(index).name())
            .collect(Collectors.toList());
        assertThat(names).containsExactly("Buy", "Buy+cheap", "Buy+#+pills", "Buy+cheap+pills", "cheap", "cheap+pills", "pills");
    }

    @Test
    void sbphSignatureTextRetokenisesToTheSameDiction() {
        MessageTokenizer sbph = new MessageTokenizer(TokenizerSettings.builder().kind(TokenizerKind.SBPH).build());
        TokenizedMessage original = sbph.tokenize(MESSAGE.getBytes(StandardCharsets.ISO_8859_1));
        byte[] signature = original.degeneratedText();
        assertThat(new String(signature, StandardCharsets.ISO_8859_1)).isEqualTo(
            "From: Alice <alice@example.com>\nSubject: Free money!!\n\u0001Buy cheap pills now at http://www.example.com/x today\n");
        TokenizedMessage again = sbph.tokenizeDegenerated(DegeneratedMessage.fromSignatureText(signature));
        assertThat(again.diction().entriesInEmissionOrder()).extracting(Diction.Entry::name)
            .containsExactlyElementsOf(original.diction().entriesInEmissionOrder().stream().map(Diction.Entry::name).collect(Collectors.toList()));
        assertThat(again.whitelistToken()).isEqualTo(original.whitelistToken());
    }
}
