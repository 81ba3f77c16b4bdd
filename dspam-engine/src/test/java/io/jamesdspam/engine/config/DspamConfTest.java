package io.jamesdspam.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DspamConfTest {

    @Test
    void readsKeysCaseInsensitivelyWithCommentsQuotesAndRepeats() {
        DspamConf conf = DspamConf.parse(String.join("\n",
            "# comment",
            "TrainingMode toe ; trailing comment",
            "Tokenizer osb",
            "Algorithm graham burton",
            "Preference \"signatureLocation=headers\"",
            "Preference \"spamAction=deliver\"",
            "ServerPass.james \"s3cret\"",
            "Feature whitelist",
            "Feature noise",
            ""));

        assertThat(conf.get("trainingmode")).contains("toe");
        assertThat(conf.get("TOKENIZER")).contains("osb");
        assertThat(conf.get("Algorithm")).contains("graham burton");
        assertThat(conf.getAll("Feature")).containsExactly("whitelist", "noise");
        assertThat(conf.preferences()).containsEntry("signaturelocation", "headers").containsEntry("spamaction", "deliver");
        assertThat(conf.withPrefix("ServerPass.")).containsEntry("ServerPass.james", "s3cret");
        assertThat(conf.get("Missing")).isEmpty();
    }

    @Test
    void lastValueWinsForSingleValuedKeys() {
        DspamConf conf = DspamConf.parse("TrainingMode teft\nTrainingMode toe\n");
        assertThat(conf.get("TrainingMode")).contains("toe");
    }
}
