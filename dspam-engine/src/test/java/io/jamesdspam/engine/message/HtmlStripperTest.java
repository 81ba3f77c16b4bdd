package io.jamesdspam.engine.message;

import static io.jamesdspam.engine.message.Latin1.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/ENGINE-SPEC.md §1.5 and checklist item 8. */
class HtmlStripperTest {

    private static String strip(String html) {
        byte[] in = bytes(html);
        return HtmlStripper.strip(in, in.length).toString();
    }

    @Test
    void scriptAndStyleContentsAreRemoved() {
        assertThat(strip("a<script>var x=1;</script>b<style>p{}</STYLE>c")).isEqualTo("abc");
    }

    @Test
    void scriptWithAttributesDoesNotStartSkipping() {
        assertThat(strip("a<script type=\"text/javascript\">var x;</script>b")).isEqualTo("avar x;b");
    }

    @Test
    void linkTargetsBecomeText() {
        assertThat(strip("see <a href=\"http://x.y/z\">here</a>")).isEqualTo("see  http://x.y/z here");
    }

    @Test
    void unquotedLinkRunsToTheNextGreaterThan() {
        assertThat(strip("<a href=http://x.y/z title=t>k</a>")).isEqualTo(" http://x.y/z title=t k");
    }

    @Test
    void onlyHttpHttpsFtpTargetsAreKept() {
        assertThat(strip("<a href=\"mailto:a@b\">m</a><img src='https://i/p.gif'><a href=\"ftp://f\">f</a>"))
            .isEqualTo("m https://i/p.gif  ftp://f f");
    }

    @Test
    void attributeIsLookedForOnlyAtTheFirst51Offsets() {
        String padding = "x".repeat(51);
        assertThat(strip("<a " + padding + " href=\"http://far\">t</a>")).isEqualTo("t");
        assertThat(strip("<a " + "x".repeat(49) + " href=\"http://near\">t</a>")).isEqualTo(" http://near t");
    }

    @Test
    void ampersandEntityDropsFollowingWhitespace() {
        assertThat(strip("A&amp; B")).isEqualTo("A&B");
    }

    @Test
    void latin1EntitiesMapToUppercaseCodes() {
        assertThat(strip("&eacute;&Eacute;&szlig;&divide;&yuml;&Yuml;&nbsp;x")).isEqualTo("\u00c9\u00c9\u00df\u00f7\u00ff\u00ff x");
    }

    @Test
    void entitiesAboveLatin1AreConsumedWithoutOutput() {
        assertThat(strip("a&euro;b&hellip;c")).isEqualTo("abc");
    }

    @Test
    void thetasymMatchesWithoutSemicolon() {
        assertThat(strip("a&thetasym;b")).isEqualTo("a;b");
    }

    @Test
    void unknownEntityIsOrdinaryText() {
        assertThat(strip("AT&T &bogus; &amp")).isEqualTo("AT&T &bogus; &amp");
    }

    @Test
    void numericEntities() {
        assertThat(strip("&#65;&#233;&#0065;&#x41;&#9;x &#1234567;y")).isEqualTo("AAx y");
        assertThat(strip("&#0233;&#00233;z")).isEqualTo("z");
        assertThat(strip("&#0200;z&#1200;z")).isEqualTo("zz");
    }

    @Test
    void nonTagLessThanSwallowsTheNextLessThan() {
        assertThat(strip("a < b <i>c</i>")).isEqualTo("a < b i>c");
    }

    @Test
    void commentsEndAtTheFirstGreaterThan() {
        assertThat(strip("a<!-- x > y -->b")).isEqualTo("a y -->b");
    }

    @Test
    void lineBreakTags() {
        assertThat(strip("<p>one<br>two<div>three</table>")).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void tableCellsAfterAClosedCellGetOneSpace() {
        assertThat(strip("<tr><td>a</td><td>b</td>\n<td>c</td>")).isEqualTo("a b\nc");
    }

    @Test
    void lessThanAsLastByteIsOutput() {
        assertThat(strip("a<")).isEqualTo("a<");
    }

    @Test
    void tagEndingAtLessThanLetsItBeProcessed() {
        assertThat(strip("<b<i>x")).isEqualTo("x");
    }

    @Test
    void outputNeverExceedsInputLength() {
        String html = "<a href=\"http://x\">";
        assertThat(strip(html).length()).isLessThanOrEqualTo(html.length());
        assertThat(strip(html)).isEqualTo(" http://x ");
    }
}
