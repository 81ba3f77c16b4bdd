package io.jamesdspam.engine.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    /** Many ids sharing few buckets: ties must keep their first-emission order (the sort is stable). */
    @Test
    void iteratesByBucketThenFirstEmissionForThousandsOfIdsWithSharedBuckets() {
        Random random = new Random(24593);
        Diction diction = new Diction();
        for (int i = 0; i < 5_000; i++) {
            long bucket = random.nextInt(i < 2_500 ? 40 : Diction.BUCKETS);
            diction.emit(bucket + (long) Diction.BUCKETS * random.nextInt(1 << 20), "t" + i, Diction.TYPE_TOKEN);
        }
        List<Diction.Entry> emitted = diction.entriesInEmissionOrder();
        Map<Diction.Entry, Integer> emission = new IdentityHashMap<>();
        emitted.forEach(entry -> emission.put(entry, emission.size()));
        List<Diction.Entry> expected = new ArrayList<>(emitted);
        expected.sort(Comparator.comparingLong((Diction.Entry e) -> Long.remainderUnsigned(e.id(), Diction.BUCKETS))
            .thenComparingInt(emission::get));

        assertThat(diction.entries()).containsExactlyElementsOf(expected);
    }

    @Test
    void bucketIsTheUnsignedRemainderOfEveryId() {
        Random random = new Random(16);
        long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Diction.BUCKETS, -Diction.BUCKETS, 2L * Diction.BUCKETS - 1};
        for (long id : edges) {
            assertThat(Diction.bucket(id)).as("id %d", id).isEqualTo(Long.remainderUnsigned(id, Diction.BUCKETS));
        }
        for (int i = 0; i < 1_000_000; i++) {
            long id = random.nextLong();
            assertThat(Diction.bucket(id)).isEqualTo(Long.remainderUnsigned(id, Diction.BUCKETS));
        }
    }

    @Test
    void knowsWhichNamesBeginAsABnrPatternsWhetherEmittedAsBytesOrAsAString() {
        Diction diction = new Diction();
        byte[] text = "bnr.s|0.00_ bnr. bnr bnrx xbnr.".getBytes(StandardCharsets.ISO_8859_1);
        int from = 0;
        List<Diction.Entry> fromBytes = new ArrayList<>();
        for (int i = 0; i <= text.length; i++) {
            if (i == text.length || text[i] == ' ') {
                fromBytes.add(diction.emit(text, from, i));
                from = i + 1;
            }
        }
        assertThat(fromBytes).extracting(Diction.Entry::hasPatternName).containsExactly(true, true, false, false, false);
        assertThat(diction.emit("bnr.c|1.00_").hasPatternName()).isTrue();
        assertThat(diction.emit("Subject*bnr.c").hasPatternName()).isFalse();
    }

    @Test
    void readsANameHeldAsBytesAsTheCharactersOfItsString() {
        byte[] text = {'x', 'c', (byte) 0xe9, '+', 'd', (byte) 0xff, 'y'};
        Diction.Entry entry = new Diction().emit(text, 1, 6);

        CharSequence chars = entry.nameChars();

        assertThat(chars.toString()).isEqualTo("c\u00e9+d\u00ff").isEqualTo(entry.name());
        assertThat(chars.length()).isEqualTo(5);
        assertThat(chars.charAt(1)).isEqualTo('\u00e9');
        assertThat(chars.subSequence(2, 4).toString()).isEqualTo("+d");
        assertThatThrownBy(() -> chars.charAt(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> chars.subSequence(3, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aDictionOfNamedEntriesAloneHoldsAndFindsThem() {
        // Its tables are allocated on the first entry: a control token's or a signature's diction holds one or a few
        Diction diction = new Diction();
        assertThat(diction.get(42)).isNull();
        diction.emit(42, "$$CONTROL$$", Diction.TYPE_TOKEN);
        diction.emit(new byte[0], 0, 0);

        assertThat(diction.get(42).name()).isEqualTo("$$CONTROL$$");
        assertThat(diction.get(DspamCrc64.of("")).name()).isEmpty();
        assertThat(diction.size()).isEqualTo(2);
    }
}
