package io.jamesdspam.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.decision.FactorsHeader;
import io.jamesdspam.model.DspamNumberFormat;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResult;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.testing.Corpus;
import io.jamesdspam.testing.CorpusMessage;

/**
 * The factors pass of the reference (README §3.5): from the C2-S1 snapshot, each PUBTEST message
 * in order goes through {@code --mode=notrain --process} with {@code showFactors=on}, whose
 * {@code X-DSPAM-Factors} must equal DSPAM's exactly — count, tokens, order, escaping, value
 * text — and then through {@code --classify}, which moves the TOE store on as the real run did.
 */
class C2FactorsConformanceTest {

    @Test
    void everyFactorsHeaderEqualsTheReference() {
        ConformanceRun run = ConformanceRun.train("C2", "S1");
        EmbeddedDspam showingFactors = EmbeddedDspam.create(
            ConformanceRun.settings("C2").toBuilder().showFactors(true).build(), run.store);
        List<ReferenceSet.FactorsRow> reference = ReferenceSet.factors("C2-S1.pubtest-factors.jsonl");
        List<CorpusMessage> messages = Corpus.load().testSet();
        assertThat(messages).hasSize(reference.size());

        List<String> differences = new ArrayList<>();
        int sameHeader = 0;
        for (int i = 0; i < messages.size(); i++) {
            CorpusMessage message = messages.get(i);
            ReferenceSet.FactorsRow row = reference.get(i);
            assertThat(message.path()).isEqualTo(row.path);
            DspamResult result = showingFactors.execute(DspamRequest.process(List.of(ConformanceRun.USER), message.bytes())
                .withMode(TrainingMode.NOTRAIN)).resultFor(ConformanceRun.USER).orElseThrow();
            String expected = expectedHeader(row);
            String header = result.returnedHeaders().get(FactorsHeader.NAME);
            boolean sameNumbers = DspamNumberFormat.probability(result.probability()).equals(row.probability)
                && DspamNumberFormat.confidence(result.confidence()).equals(row.confidence);
            if (expected.equals(header) && sameNumbers) {
                sameHeader++;
            } else if (differences.size() < 5) {
                differences.add(row.path + ": reference " + row.probability + "/" + row.confidence + " " + expected
                    + "\n engine " + DspamNumberFormat.probability(result.probability()) + "/"
                    + DspamNumberFormat.confidence(result.confidence()) + " " + header);
            }
            run.engine.execute(DspamRequest.classify(List.of(ConformanceRun.USER), message.bytes()));
        }

        assertThat(differences).isEmpty();
        assertThat(sameHeader).isEqualTo(1_418);
    }

    /** The header value as DSPAM wrote it: the count, then {@code ,} LF TAB {@code name, value} per factor. */
    private static String expectedHeader(ReferenceSet.FactorsRow row) {
        StringBuilder header = new StringBuilder().append(row.factors.size());
        for (String[] factor : row.factors) {
            header.append(",\n\t").append(factor[0]).append(", ").append(factor[1]);
        }
        return header.toString();
    }
}
