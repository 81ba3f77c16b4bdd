package io.jamesdspam.mailet.configuration;

import static io.jamesdspam.mailet.configuration.PerMailetKeys.AUTOLEARN;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.AUTOLEARN_LEARN_HAM;
import static io.jamesdspam.mailet.configuration.PerMailetKeys.AUTOLEARN_LEARN_SPAM;

import java.util.Set;

import io.jamesdspam.autolearn.AutolearnPolicy;
import io.jamesdspam.autolearn.SpamAssassinSource;

/**
 * The autolearn keys the Dspam and DspamTrain mailets share: {@code autolearn} [none],
 * {@code autolearn.learnSpam} [12.0], {@code autolearn.learnHam} [0.1].
 */
final class AutolearnSetting {
    static final Set<String> KEYS = Set.of(AUTOLEARN, AUTOLEARN_LEARN_SPAM, AUTOLEARN_LEARN_HAM);

    private AutolearnSetting() {
    }

    /** @throws IllegalArgumentException naming the bad key */
    static AutolearnPolicy from(ComponentParameters parameters) {
        double learnSpam = parameters.value(AUTOLEARN_LEARN_SPAM, Double::parseDouble,
            SpamAssassinSource.DEFAULT_LEARN_SPAM_THRESHOLD);
        double learnHam = parameters.value(AUTOLEARN_LEARN_HAM, Double::parseDouble,
            SpamAssassinSource.DEFAULT_LEARN_HAM_THRESHOLD);
        SpamAssassinSource spamAssassin;
        try {
            spamAssassin = new SpamAssassinSource(learnSpam, learnHam);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid DSPAM settings '" + AUTOLEARN_LEARN_SPAM + "'/'"
                + AUTOLEARN_LEARN_HAM + "': " + e.getMessage(), e);
        }
        return parameters.value(AUTOLEARN, v -> AutolearnPolicy.parse(v, spamAssassin), AutolearnPolicy.disabled());
    }
}
