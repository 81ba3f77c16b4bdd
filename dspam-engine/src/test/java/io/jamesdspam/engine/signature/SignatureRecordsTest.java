package io.jamesdspam.engine.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.jamesdspam.model.Signature;

class SignatureRecordsTest {

    @Test
    void sixteenByteLittleEndianRecordsWithTruncatedFrequency() {
        byte[] data = new SignatureRecords.Writer(2).add(0x0102030405060708L, 300).add(-1L, 1).bytes();
        assertThat(data).hasSize(32);
        assertThat(data[0]).isEqualTo((byte) 0x08);
        assertThat(data[7]).isEqualTo((byte) 0x01);
        assertThat(data[8]).isEqualTo((byte) 44);
        assertThat(data[9]).isZero();
        List<SignatureRecords.Record> decoded = SignatureRecords.decode(data);
        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0).tokenId()).isEqualTo(0x0102030405060708L);
        assertThat(decoded.get(0).frequency()).isEqualTo(44);
        assertThat(decoded.get(1).tokenId()).isEqualTo(-1L);
    }

    @Test
    void theWriterLeavesThePaddingZeroAndRefusesAShortSignature() {
        byte[] written = new SignatureRecords.Writer(2).add(0x0102030405060708L, 300).add(-1L, 1).bytes();
        for (int record = 0; record < 2; record++) {
            for (int padding = 9; padding < SignatureRecords.RECORD_SIZE; padding++) {
                assertThat(written[record * SignatureRecords.RECORD_SIZE + padding]).isZero();
            }
        }
        assertThat(written[SignatureRecords.RECORD_SIZE + 8]).isEqualTo((byte) 1);

        SignatureRecords.Writer incomplete = new SignatureRecords.Writer(2).add(7L, 1);
        assertThatThrownBy(incomplete::bytes).isInstanceOf(IllegalStateException.class).hasMessageContaining("1 records");
    }

    @Test
    void readsTwelveByteRecordsAndRefusesOtherLengths() {
        byte[] legacy = new byte[12];
        legacy[0] = 5;
        legacy[8] = 2;
        assertThat(SignatureRecords.decode(legacy).get(0).tokenId()).isEqualTo(5);
        assertThat(SignatureRecords.decode(legacy).get(0).frequency()).isEqualTo(2);
        assertThatThrownBy(() -> SignatureRecords.decode(new byte[7])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsHaveDspamsShapeAndAreRedrawnWhenTaken() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(0x4b11c532L), ZoneOffset.UTC);
        SignatureIds ids = new SignatureIds(clock, 1587, new Random(42));
        String first = ids.next(id -> false);
        assertThat(first).startsWith("4b11c5321587").matches("[0-9a-f]{8}[0-9]+");
        assertThat(Signature.isValid(first)).isTrue();
        String second = ids.next(Set.of(first)::contains);
        assertThat(second).isNotEqualTo(first);
    }
}
