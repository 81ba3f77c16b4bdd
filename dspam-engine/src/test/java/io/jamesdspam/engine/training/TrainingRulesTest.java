package io.jamesdspam.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.jamesdspam.engine.statistics.MessageTokens;
import io.jamesdspam.engine.tokenize.Diction;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.TrainingClass;
import io.jamesdspam.model.TrainingMode;
import io.jamesdspam.model.TrainingSource;
import io.jamesdspam.model.Verdict;

/** docs/ENGINE-SPEC.md §6.3, §6.5 and the §6.8 command table. */
class TrainingRulesTest {
    private static final DspamTotals START = new DspamTotals(200, 300, 0, 0, 0, 0, 0, 0);

    private static TrainingCall call(TrainingMode mode, TrainingClass trainingClass, TrainingSource source, boolean unlearn) {
        return new TrainingCall(mode, false, false, Optional.ofNullable(trainingClass), Optional.ofNullable(source),
            unlearn, false);
    }

    /** One stored token, alone in its message: token 0. */
    private static MessageTokens token(long sh, long ih) {
        Diction diction = new Diction();
        MessageTokens tokens = new MessageTokens(diction);
        tokens.add(diction.emit("t"), true, sh, ih);
        return tokens;
    }

    private static DspamTotals full(Verdict result, TrainingCall call) {
        MutableTotals totals = new MutableTotals(START);
        FullTraining.updateTotals(totals, result, call);
        return totals.toTotals();
    }

    private static DspamTotals bySignature(TrainingCall call) {
        MutableTotals totals = new MutableTotals(START);
        SignatureTraining.updateTotals(totals, call);
        return totals.toTotals();
    }

    @Test
    void teftNormalMailLearnsItsResult() {
        assertThat(full(Verdict.SPAM, call(TrainingMode.TEFT, null, null, false)))
            .isEqualTo(new DspamTotals(201, 300, 0, 0, 0, 0, 0, 0));
        MessageTokens token = token(3, 4);
        FullTraining.updateToken(token, 0, Verdict.INNOCENT, call(TrainingMode.TEFT, null, null, false));
        assertThat(token.spamHits(0)).isEqualTo(3);
        assertThat(token.innocentHits(0)).isEqualTo(5);
    }

    @Test
    void corpusTrainingCountsCorpusFedAndNeverDecrements() {
        TrainingCall spam = call(TrainingMode.TEFT, TrainingClass.SPAM, TrainingSource.CORPUS, false);
        assertThat(full(Verdict.SPAM, spam)).isEqualTo(new DspamTotals(201, 300, 0, 0, 1, 0, 0, 0));
        MessageTokens token = token(0, 4);
        FullTraining.updateToken(token, 0, Verdict.SPAM, spam);
        assertThat(token.spamHits(0)).isEqualTo(1);
        assertThat(token.innocentHits(0)).isEqualTo(4);
        assertThat(full(Verdict.INNOCENT, call(TrainingMode.TEFT, TrainingClass.INNOCENT, TrainingSource.CORPUS, false)))
            .isEqualTo(new DspamTotals(200, 301, 0, 0, 0, 1, 0, 0));
    }

    @Test
    void unlearnExactlyReversesACorpusSpamTraining() {
        MessageTokens token = token(7, 2);
        FullTraining.updateToken(token, 0, Verdict.SPAM, call(TrainingMode.TEFT, TrainingClass.SPAM, TrainingSource.CORPUS, false));
        FullTraining.updateToken(token, 0, Verdict.SPAM, call(TrainingMode.TEFT, TrainingClass.SPAM, TrainingSource.CORPUS, true));
        assertThat(token.spamHits(0)).isEqualTo(7);
        assertThat(token.innocentHits(0)).isEqualTo(2);
        assertThat(full(Verdict.SPAM, call(TrainingMode.TEFT, TrainingClass.SPAM, TrainingSource.CORPUS, true)))
            .isEqualTo(new DspamTotals(199, 300, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void innocentCorpusFedCountsEvenWhenUnlearning() {
        assertThat(full(Verdict.INNOCENT, call(TrainingMode.TEFT, TrainingClass.INNOCENT, TrainingSource.CORPUS, true)))
            .isEqualTo(new DspamTotals(200, 300, 0, 0, 0, 1, 0, 0));
    }

    @Test
    void toeClassifyOnlyCountsClassifiedMessages() {
        TrainingCall toe = new TrainingCall(TrainingMode.TOE, true, true, Optional.empty(), Optional.empty(), false, false);
        assertThat(full(Verdict.SPAM, toe)).isEqualTo(new DspamTotals(200, 300, 0, 0, 0, 0, 1, 0));
        assertThat(full(Verdict.INNOCENT, toe)).isEqualTo(new DspamTotals(200, 300, 0, 0, 0, 0, 0, 1));
    }

    @Test
    void signatureErrorRetrainUnderTeftMovesOneHitAcross() {
        TrainingCall spam = call(TrainingMode.TEFT, TrainingClass.SPAM, TrainingSource.ERROR, false);
        assertThat(bySignature(spam)).isEqualTo(new DspamTotals(201, 299, 1, 0, 0, 0, 0, 0));
        MessageTokens token = token(2, 5);
        SignatureTraining.updateToken(token, 0, spam);
        assertThat(token.spamHits(0)).isEqualTo(3);
        assertThat(token.innocentHits(0)).isEqualTo(4);
        MessageTokens floor = token(0, 0);
        SignatureTraining.updateToken(floor, 0, call(TrainingMode.TEFT, TrainingClass.INNOCENT, TrainingSource.ERROR, false));
        assertThat(floor.spamHits(0)).isZero();
        assertThat(floor.innocentHits(0)).isEqualTo(1);
    }

    @Test
    void signatureErrorRetrainUnderToeDoesNotDecrement() {
        TrainingCall innocent = call(TrainingMode.TOE, TrainingClass.INNOCENT, TrainingSource.ERROR, false);
        assertThat(bySignature(innocent)).isEqualTo(new DspamTotals(200, 301, 0, 1, 0, 0, 0, 0));
        MessageTokens token = token(2, 5);
        SignatureTraining.updateToken(token, 0, innocent);
        assertThat(token.spamHits(0)).isEqualTo(2);
        assertThat(token.innocentHits(0)).isEqualTo(6);
    }

    @Test
    void signatureInoculationAddsFiveToWeakTokensAndTwoOtherwise() {
        TrainingCall inoculation = call(TrainingMode.TEFT, TrainingClass.SPAM, TrainingSource.INOCULATION, false);
        MessageTokens weak = token(0, 1);
        MessageTokens strong = token(6, 0);
        SignatureTraining.updateToken(weak, 0, inoculation);
        SignatureTraining.updateToken(strong, 0, inoculation);
        assertThat(weak.spamHits(0)).isEqualTo(5);
        assertThat(strong.spamHits(0)).isEqualTo(8);
        assertThat(bySignature(inoculation)).isEqualTo(new DspamTotals(201, 300, 0, 0, 1, 0, 0, 0));
    }

    @Test
    void signatureUnlearnDecrementsOnlyTheGivenClass() {
        TrainingCall unlearn = call(TrainingMode.TEFT, TrainingClass.SPAM, TrainingSource.ERROR, true);
        assertThat(bySignature(unlearn)).isEqualTo(new DspamTotals(199, 300, 0, 0, 0, 0, 0, 0));
        MessageTokens token = token(1, 1);
        SignatureTraining.updateToken(token, 0, unlearn);
        assertThat(token.spamHits(0)).isZero();
        assertThat(token.innocentHits(0)).isEqualTo(1);
    }
}
