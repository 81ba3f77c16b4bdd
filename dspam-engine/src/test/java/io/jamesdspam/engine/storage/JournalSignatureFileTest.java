package io.jamesdspam.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a user's signatures from the index saved beside them, and every reason not to trust it. */
class JournalSignatureFileTest {
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("signatures");
    }

    private Path savedIndex() {
        return directory.resolve("signatures" + JournalSignatureFile.SAVED_INDEX_SUFFIX);
    }

    private static StoredSignature signature(int n) {
        byte[] data = new byte[200 + n % 50];
        new Random(n).nextBytes(data);
        return new StoredSignature(n + ",5d3f2a1b" + Integer.toHexString(n * 7919), data, DAY.plusDays(n % 20));
    }

    /** Appends and publishes signatures {@code from}..{@code to}, each under its own sequence number. */
    private static void write(JournalSignatureFile signatures, int from, int to) throws IOException {
        for (int n = from; n <= to; n++) {
            signatures.publish(signatures.append(signature(n), n));
        }
    }

    /** The ids of the signatures held, in the order they were written. */
    private static List<String> idsOf(JournalSignatureFile signatures) throws IOException {
        List<String> ids = new ArrayList<>();
        signatures.forEachSignature(signature -> ids.add(signature.id()));
        return ids;
    }

    private static void assertHolds(JournalSignatureFile signatures, int from, int to) throws IOException {
        assertThat(signatures.count()).isEqualTo(to - from + 1);
        List<String> ids = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            StoredSignature expected = signature(n);
            ids.add(expected.id());
            StoredSignature read = signatures.read(expected.id()).orElseThrow();
            assertThat(read.data()).as(expected.id()).isEqualTo(expected.data());
            assertThat(read.createdOn()).isEqualTo(expected.createdOn());
        }
        assertThat(idsOf(signatures)).isEqualTo(ids);
        assertThat(signatures.contains(signature(to + 1).id())).isFalse();
    }

    @Test
    void aUserClosedWithWeeksOfSignaturesIsReopenedWithoutReadingThemOneByOne() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, 300);
        }
        assertThat(savedIndex()).exists();
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 300)) {
            assertThat(reopened.headersReadOnOpen()).isZero();
            assertHolds(reopened, 1, 300);
            write(reopened, 301, 310);
        }
        try (JournalSignatureFile again = JournalSignatureFile.open(file(), 310)) {
            assertThat(again.headersReadOnOpen()).isZero();
            assertHolds(again, 1, 310);
        }
    }

    @Test
    void signaturesWrittenAfterTheIndexWasSavedAreReadFromTheFile() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, 100);
        }
        JournalSignatureFile killed = JournalSignatureFile.open(file(), 100);
        write(killed, 101, 107);
        // The eighth never reached the journal: its sequence is above the committed one
        killed.append(signature(108), 108);
        killed.closeWithoutSavingIndex();
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 107)) {
            assertThat(reopened.headersReadOnOpen()).isEqualTo(7);
            assertHolds(reopened, 1, 107);
        }
    }

    @Test
    void aTornRecordAfterTheSavedIndexIsDropped() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, 60);
        }
        long covered = Files.size(file());
        JournalSignatureFile killed = JournalSignatureFile.open(file(), 60);
        write(killed, 61, 61);
        killed.closeWithoutSavingIndex();
        try (FileChannel channel = FileChannel.open(file(), StandardOpenOption.WRITE)) {
            channel.truncate(covered + 30);
        }
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 61)) {
            assertHolds(reopened, 1, 60);
        }
        assertThat(Files.size(file())).isEqualTo(covered);
    }

    @Test
    void aDamagedSavedIndexIsIgnoredForAFullRead() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, 80);
        }
        byte[] saved = Files.readAllBytes(savedIndex());
        saved[saved.length / 2] ^= 0x10;
        Files.write(savedIndex(), saved);
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 80)) {
            assertThat(reopened.headersReadOnOpen()).isEqualTo(80);
            assertHolds(reopened, 1, 80);
        }
    }

    @Test
    void anIndexSavedForAnotherFileIsIgnored() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, 80);
        }
        // A file of other signatures put in its place (a backup restored), the saved index left behind
        Path other = Files.createDirectory(directory.resolve("other")).resolve("signatures");
        try (JournalSignatureFile signatures = JournalSignatureFile.open(other, 0)) {
            write(signatures, 500, 590);
        }
        Files.move(other, file(), StandardCopyOption.REPLACE_EXISTING);
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 590)) {
            assertThat(reopened.headersReadOnOpen()).isEqualTo(91);
            assertHolds(reopened, 500, 590);
            assertThat(reopened.contains(signature(1).id())).isFalse();
        }
    }

    @Test
    void anIndexNamingSignaturesTheJournalDoesNotHoldIsIgnored() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, 80);
        }
        // The journal lost its last messages (a power loss before they reached the disk)
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 50)) {
            assertThat(reopened.headersReadOnOpen()).isEqualTo(50);
            assertHolds(reopened, 1, 50);
        }
    }

    @Test
    void aPurgeLeavesAnIndexThatDescribesTheNewFile() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, 200);
        }
        List<String> kept = new ArrayList<>();
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 200)) {
            long purged = signatures.purge(DAY.plusDays(10));
            assertThat(purged).isEqualTo(100);
            for (int n = 1; n <= 200; n++) {
                if (n % 20 >= 10) {
                    kept.add(signature(n).id());
                }
            }
            assertThat(idsOf(signatures)).isEqualTo(kept);
        }
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 200)) {
            assertThat(reopened.headersReadOnOpen()).isZero();
            assertThat(idsOf(reopened)).isEqualTo(kept);
            for (String id : kept) {
                int n = Integer.parseInt(id.substring(0, id.indexOf(',')));
                assertThat(reopened.read(id).orElseThrow().data()).isEqualTo(signature(n).data());
            }
        }
    }

    @Test
    void anIndexSavedOverALongerFileLeavesNoneOfItsBytes() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, 120);
        }
        // Longer than the index the next close saves in its place: a full read now, a saved index after
        byte[] saved = Files.readAllBytes(savedIndex());
        Files.write(savedIndex(), Arrays.copyOf(saved, saved.length * 2));
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 120)) {
            assertThat(reopened.headersReadOnOpen()).isEqualTo(120);
        }
        assertThat(Files.size(savedIndex())).isEqualTo(saved.length);
        try (JournalSignatureFile again = JournalSignatureFile.open(file(), 120)) {
            assertThat(again.headersReadOnOpen()).isZero();
            assertHolds(again, 1, 120);
        }
    }

    /** Signatures 1..100 closed (their index returned), then 101..140 closed: the index saved over the first one. */
    private byte[] indexOfTheFirstHundredThenFortyMore() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, 100);
        }
        byte[] previous = Files.readAllBytes(savedIndex());
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 100)) {
            write(reopened, 101, 140);
        }
        return previous;
    }

    @Test
    void anIndexTornWhileWrittenOverThePreviousOneIsIgnored() throws IOException {
        byte[] previous = indexOfTheFirstHundredThenFortyMore();
        byte[] next = Files.readAllBytes(savedIndex());
        // A crash while the new index was written over the old one: its first part new, the rest old
        byte[] torn = Arrays.copyOf(previous, previous.length);
        System.arraycopy(next, 0, torn, 0, previous.length / 2);
        Files.write(savedIndex(), torn);
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 140)) {
            assertThat(reopened.headersReadOnOpen()).isEqualTo(140);
            assertHolds(reopened, 1, 140);
        }
    }

    @Test
    void thePreviousIndexStillServesWhenTheNewOneNeverReachedTheDisk() throws IOException {
        Files.write(savedIndex(), indexOfTheFirstHundredThenFortyMore());
        try (JournalSignatureFile reopened = JournalSignatureFile.open(file(), 140)) {
            assertThat(reopened.headersReadOnOpen()).isEqualTo(40);
            assertHolds(reopened, 1, 140);
        }
    }

    @Test
    void aUserWithFewSignaturesSavesNoIndex() throws IOException {
        try (JournalSignatureFile signatures = JournalSignatureFile.open(file(), 0)) {
            write(signatures, 1, JournalSignatureFile.SAVED_INDEX_MINIMUM - 1);
        }
        assertThat(savedIndex()).doesNotExist();
    }
}
