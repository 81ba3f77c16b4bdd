package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class SignatureIndexTest {
    /** Stands in for the signature file: the id written at each payload position, and how often one was read back. */
    private final Map<Long, String> file = new HashMap<>();
    private final AtomicInteger idsRead = new AtomicInteger();

    private String idAt(long position) throws IOException {
        idsRead.incrementAndGet();
        String id = file.get(position);
        if (id == null) {
            throw new IOException("no record at " + position);
        }
        return id;
    }

    private void write(SignatureIndex index, String id, long position, int day) throws IOException {
        file.put(position, id);
        index.put(id, position, 1000 + (int) (position % 977), day);
    }

    private static String signatureId(Random random) {
        return (1 + random.nextInt(2_000_000_000)) + "," + Long.toHexString(random.nextLong());
    }

    @Test
    void findsEverySignatureOfAUserWithWeeksOfThemAndNoOther() throws IOException {
        SignatureIndex index = new SignatureIndex(this::idAt);
        Random random = new Random(29);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String id = signatureId(random);
            ids.add(id);
            write(index, id, 16 + 20_000L * i, 20_000 + i / 400);
        }
        assertThat(index.size()).isEqualTo(5_000);
        for (int i = 0; i < ids.size(); i++) {
            int slot = index.find(ids.get(i));
            assertThat(slot).isNotNegative();
            assertThat(index.position(slot)).isEqualTo(16 + 20_000L * i);
            assertThat(index.length(slot)).isEqualTo(1000 + (int) ((16 + 20_000L * i) % 977));
            assertThat(index.createdOnDay(slot)).isEqualTo(20_000 + i / 400);
        }
        idsRead.set(0);
        for (int i = 0; i < 5_000; i++) {
            assertThat(index.find(signatureId(random))).isEqualTo(-1);
        }
        // An id not held meets no equal 64-bit hash, so looking it up (every new signature does) reads nothing
        assertThat(idsRead.get()).isZero();
    }

    @Test
    void idsOfEqualHashAreTwoEntriesToldApartByTheirIdsInTheFile() throws IOException {
        SignatureIndex index = new SignatureIndex(this::idAt, id -> 42L);
        for (int i = 0; i < 300; i++) {
            write(index, "sig-" + i, 16 + 100L * i, i);
        }
        assertThat(index.size()).isEqualTo(300);
        for (int i = 0; i < 300; i++) {
            int slot = index.find("sig-" + i);
            assertThat(index.position(slot)).as("sig-" + i).isEqualTo(16 + 100L * i);
            assertThat(index.createdOnDay(slot)).isEqualTo(i);
        }
        assertThat(index.find("sig-300")).isEqualTo(-1);
    }

    @Test
    void anIdWrittenAgainMovesToItsNewRecord() throws IOException {
        SignatureIndex index = new SignatureIndex(this::idAt, id -> id.length());
        write(index, "a1", 16, 1);
        write(index, "b2", 116, 2);
        write(index, "a1", 216, 3);
        assertThat(index.size()).isEqualTo(2);
        int slot = index.find("a1");
        assertThat(index.position(slot)).isEqualTo(216);
        assertThat(index.createdOnDay(slot)).isEqualTo(3);
    }

    @Test
    void entriesAreVisitedInTheOrderOfTheirRecords() throws IOException {
        SignatureIndex index = new SignatureIndex(this::idAt);
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            write(index, signatureId(random), 16 + 30L * i, i % 20);
        }
        List<Long> positions = new ArrayList<>();
        index.forEachInFileOrder((hash, position, length, day) -> positions.add(position));
        assertThat(positions).hasSize(1_000).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aFailedReadBackOfAnEqualHashIsReportedNotTakenForAbsence() throws IOException {
        SignatureIndex index = new SignatureIndex(this::idAt, id -> 7L);
        write(index, "kept", 16, 1);
        file.clear();
        assertThatThrownBy(() -> index.find("other")).isInstanceOf(IOException.class);
    }

    @Test
    void aSignatureTakesAboutFortyBytesOfHeap() throws IOException {
        SignatureIndex index = new SignatureIndex(this::idAt);
        Random random = new Random(3);
        for (int i = 0; i < 1_400; i++) {
            write(index, signatureId(random), 16 + 16_000L * i, i / 100);
        }
        // 14 days of 100 mails: a map of id strings took ≈ 135 bytes per signature
        assertThat(index.heapBytes() / 1_400).isLessThanOrEqualTo(48);
    }
}
