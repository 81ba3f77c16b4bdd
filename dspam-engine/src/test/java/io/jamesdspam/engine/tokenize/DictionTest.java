package io.jamesdspam.engine.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class DictionTest {

    @Test
    void collapsesRepeatedTokensAndCountsFrequency() {
        Diction diction = new Diction();
        diction.emit("free");
        diction.emit("money");
        diction.emit("free");

        assertThat(diction.size()).isEqualTo(2);
        assertThat(diction.get(DspamCrc64.of("free")).frequency()).isEqualTo(2);
    }

    @Test
    void iteratesByBucketThenFirstEmission() {
        Diction diction = new Diction();
        for (String token : new String[] {"zebra", "apple", "Subject*free", "free+money", "a"}) {
            diction.appendToStreamS(diction.emit(token));
        }

        assertThat(diction.entries().stream().map(e -> Long.remainderUnsigned(e.id(), Diction.BUCKETS)).collect(Collectors.toList()))
            .isSorted();
        assertThat(diction.streamS()).hasSize(5);
        assertThat(diction.entriesInEmissionOrder().get(0).name()).isEqualTo("zebra");
    }
}
