package io.jamesdspam.engine.tool;

import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.Signature;
import io.jamesdspam.model.UserOutcome;

/**
 * One CSV line per message: {@code file,result,class,probability,confidence,signature}, numbers
 * printed as DSPAM's summary line prints them (probability {@code %01.4f}, confidence
 * {@code %02.2f}), result {@code Spam}/{@code Innocent} as in the reference CSVs. A message DSPAM
 * gave no result for has empty fields after its name.
 */
final class ResultLine {
    private ResultLine() {
    }

    static String of(String file, UserOutcome outcome) {
        StringBuilder line = new StringBuilder(csvField(file));
        if (outcome.result().isEmpty()) {
            return line.append(",,,,,").toString();
        }
        DspamResult result = outcome.result().get();
        return line.append(',').append(result.isSpam() ? "Spam" : "Innocent")
            .append(',').append(result.dspamClass().asString())
            .append(',').append(DspamNumberFormat.probability(result.probability()))
            .append(',').append(DspamNumberFormat.summaryConfidence(result.confidence()))
            .append(',').append(result.signature().map(Signature::asString).orElse(Signature.NONE))
            .toString();
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
    static String csvField(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
