package io.jamesdspam.protocol;

import java.util.Optional;

import io.jamesdspam.model.DspamClass;
import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.Verdict;

/**
 * The summary line (docs/PROTOCOL.md §6.2), written by the server and the engine's tools, read by
 * the client:
 * <pre>X-DSPAM-Result: bob; result="Spam"; class="Spam"; probability=1.0000; confidence=0.99; signature=N/A</pre>
 * The user name may contain {@code ;}, so it is delimited by the fixed {@code ; result="} anchor.
 *
 * <p>Every field is validated, because a line that parses is taken as a verdict: a peer that
 * answered {@code class="Bogus"; probability=NaN} once tagged ham as spam (issue 15). The class
 * must be known and agree with the result, probability and confidence must be plain decimals in
 * [0, 1]. A signature DSPAM could not have written is read as {@code N/A} (nothing to retrain
 * later) rather than as a failure, since the verdict itself is sound.
 */
public final class SummaryLine {
    public static final String PREFIX = "X-DSPAM-Result: ";
    private static final String RESULT_ANCHOR = "; result=\"";

    private SummaryLine() {
    }

    /** The line without its terminator. */
    public static String format(DspamResult result) {
        return PREFIX + result.user().asString()
            + RESULT_ANCHOR + result.verdict().wireName() + "\""
            + "; class=\"" + result.dspamClass().asString() + "\""
            + "; probability=" + DspamNumberFormat.probability(result.probability())
            + "; confidence=" + DspamNumberFormat.summaryConfidence(result.confidence())
            + "; signature=" + result.signatureHeaderValue();
    }

    /** Whether the line looks like a summary line at all (as opposed to a message line or a reply). */
    public static boolean isSummaryLine(String line) {
        return line.startsWith(PREFIX) && line.contains(RESULT_ANCHOR);
    }

    /**
     * Parses one summary line (terminator already removed).
     *
     * @throws IllegalArgumentException naming the offending line when it does not follow the grammar
     */
    public static DspamResult parse(String line) {
        if (!isSummaryLine(line)) {
            throw new IllegalArgumentException("Not a DSPAM summary line: '" + PeerText.escape(line) + "'");
        }
        int anchor = line.lastIndexOf(RESULT_ANCHOR);
        String user = line.substring(PREFIX.length(), anchor);
        String rest = line.substring(anchor + 2);
        try {
            Verdict verdict = Verdict.parse(quoted(rest, "result"));
            DspamClass dspamClass = knownClass(quoted(rest, "class"), verdict);
            double probability = DspamNumberFormat.parseFraction("probability", plain(rest, "probability"));
            double confidence = DspamNumberFormat.parseFraction("confidence", plain(rest, "confidence"));
            Optional<Signature> signature = Signature.parse(plain(rest, "signature"));
            return DspamResult.builder()
                .user(DspamUser.of(user))
                .verdict(verdict)
                .dspamClass(dspamClass)
                .probability(probability)
                .confidence(confidence)
                .signature(signature)
                .build();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Malformed DSPAM summary line '" + PeerText.escape(line) + "': "
                + PeerText.escape(e.getMessage()), e);
        }
    }

    /**
     * The class of a peer's answer, refused when unknown or at odds with the result.
     *
     * @throws IllegalArgumentException naming the class
     */
    public static DspamClass knownClass(String name, Verdict verdict) {
        DspamClass dspamClass = DspamClass.of(name);
        if (!dspamClass.isKnown()) {
            throw new IllegalArgumentException("unknown class '" + name + "'");
        }
        if (!dspamClass.goesWith(verdict)) {
            throw new IllegalArgumentException("class '" + name + "' contradicts result '" + verdict.wireName() + "'");
        }
        return dspamClass;
    }

    private static String quoted(String fields, String key) {
        String start = key + "=\"";
        int from = fields.indexOf(start);
        if (from < 0) {
            throw new IllegalArgumentException("missing " + key);
        }
        int end = fields.indexOf('"', from + start.length());
        if (end < 0) {
            throw new IllegalArgumentException("unterminated " + key);
        }
        return fields.substring(from + start.length(), end);
    }

    private static String plain(String fields, String key) {
        String start = "; " + key + "=";
        int from = fields.indexOf(start);
        if (from < 0) {
            throw new IllegalArgumentException("missing " + key);
        }
        int end = fields.indexOf(';', from + start.length());
        return (end < 0 ? fields.substring(from + start.length()) : fields.substring(from + start.length(), end)).trim();
    }
}
