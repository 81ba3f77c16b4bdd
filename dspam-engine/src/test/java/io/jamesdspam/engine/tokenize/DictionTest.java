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

    /** What one user's processing does to a diction (BNR's eliminations and patterns) leaves a copy as it was, and back. */
    /** Sized for a message's expected tokens, too few or far too many: the same entries, frequencies and order. */
    @Test
    void howADictionIsSizedChangesNothingItHolds() {
        List<Diction> dictions = List.of(new Diction(), Diction.forMessage(0), Diction.forMessage(1 << 20),
            Diction.forMessage(-1), Diction.ofExpectedSize(0), Diction.ofExpectedSize(9_000));
        Random random = new Random(4_096);
        for (int i = 0; i < 9_000; i++) {
            String name = "token-" + random.nextInt(7_000);
            dictions.forEach(diction -> diction.appendToStreamS(diction.emit(name)));
        }
        List<String> expected = describe(dictions.get(0));
        assertThat(expected).hasSizeGreaterThan(4_096);
        for (Diction diction : dictions) {
            assertThat(describe(diction)).isEqualTo(expected);
            assertThat(diction.streamS()).containsExactly(dictions.get(0).streamS());
            assertThat(diction.get(DspamCrc64.of("token-17")).name()).isEqualTo("token-17");
        }
    }

    @Test
    void aCopyChangesApartFromItsOriginal() {
        Diction original = new Diction();
        for (int i = 0; i < 3_000; i++) {
            // Past the first table's 2,048 entries, names in several blocks, some tokens repeated
            original.appendToStreamS(original.emit("token-" + (i % 2_500) + "-" + "x".repeat(i % 7)));
        }
        original.entries();
        List<String> before = describe(original);
        int[] streamBefore = original.streamS();

        Diction copy = original.copy();
        assertThat(describe(copy)).isEqualTo(before);
        assertThat(copy.indexesInIterationOrder()).containsExactly(original.indexesInIterationOrder());
        copy.get(DspamCrc64.of("token-7-")).setFrequency(0);
        copy.emitIfAbsent(DspamCrc64.of("bnr.s|0.00_0.40_0.05_"), "bnr.s|0.00_0.40_0.05_", Diction.TYPE_BNR);
        copy.emit("a-name-written-after-the-copy");

        assertThat(describe(original)).isEqualTo(before);
        assertThat(original.streamS()).containsExactly(streamBefore);
        assertThat(original.contains(DspamCrc64.of("a-name-written-after-the-copy"))).isFalse();
        assertThat(copy.size()).isEqualTo(original.size() + 2);
        assertThat(copy.get(DspamCrc64.of("token-7-")).frequency()).isZero();
        assertThat(copy.get(DspamCrc64.of("token-8-x")).name()).isEqualTo("token-8-x");
        assertThat(copy.get(DspamCrc64.of("a-name-written-after-the-copy")).name()).isEqualTo("a-name-written-after-the-copy");

        original.get(DspamCrc64.of("token-9-xx")).setFrequency(5);
        original.emit("a-name-of-the-original's");
        assertThat(copy.get(DspamCrc64.of("token-9-xx")).frequency()).isEqualTo(1);
        assertThat(copy.contains(DspamCrc64.of("a-name-of-the-original's"))).isFalse();
        assertThat(copy.entries()).extracting(Diction.Entry::name).contains("a-name-written-after-the-copy")
            .doesNotContain("a-name-of-the-original's");
    }

    private static List<String> describe(Diction diction) {
        return diction.entries().stream().map(Diction.Entry::toString).collect(Collectors.toList());
    }
}
