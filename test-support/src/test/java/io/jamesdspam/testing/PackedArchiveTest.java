package io.jamesdspam.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackedArchiveTest {
    @TempDir
    Path temp;

    @Test
    void unpacksTheTopLevelFolderWithTheDocumentationBesideTheArchive() throws IOException {
        Path docs = Files.createDirectories(temp.resolve("docs/data/sub"));
        Path archive = writeArchive(docs.getParent().resolve("data.tar.gz"), "data/sub/values.csv", "a,b\n");
        Files.writeString(docs.resolve("README.md"), "about sub");

        Path root = PackedArchive.unpackOnce(archive, temp.resolve("target/data"));

        assertThat(root.resolve("sub/values.csv")).hasContent("a,b");
        assertThat(root.resolve("sub/README.md")).hasContent("about sub");
    }

    @Test
    void unpacksAgainOnlyWhenTheArchiveChanged() throws IOException {
        Path archive = writeArchive(temp.resolve("data.tar.gz"), "data/values.csv", "first\n");
        Path root = PackedArchive.unpackOnce(archive, temp.resolve("target/data"));
        Files.writeString(root.resolve("scratch"), "left by a test");

        PackedArchive.unpackOnce(archive, root);
        assertThat(root.resolve("scratch")).exists();

        writeArchive(archive, "data/values.csv", "second, longer\n");
        Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(archive).toMillis() + 2000));
        PackedArchive.unpackOnce(archive, root);
        assertThat(root.resolve("values.csv")).hasContent("second, longer");
        assertThat(root.resolve("scratch")).doesNotExist();
    }

    @Test
    void aMissingArchiveIsNamed() {
        Path missing = temp.resolve("nowhere.tar.gz");
        assertThatThrownBy(() -> PackedArchive.unpackOnce(missing, temp.resolve("target/data")))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(missing.toString());
    }

    @Test
    void theRepositoryReferenceDataHasTheDocumentedLayout() {
        Path reference = SharedDirectory.dspamReference();

        assertThat(reference).startsWith(SharedDirectory.checkoutRoot());
        assertThat(reference.resolve("C2-S1.pubtest.csv")).isRegularFile();
        assertThat(reference.resolve("tokens/C2-S1.hits2plus.csv.gz")).isRegularFile();
        assertThat(reference.resolve("sql/pg-schema.sql")).isRegularFile();
        assertThat(reference.resolve("groups/G1-newbie-test.csv")).isRegularFile();
        assertThat(reference.resolve("groups/README.md")).isRegularFile();
        assertThat(SharedDirectory.transcripts().resolve("01-greeting-lhlo-quit.txt")).isRegularFile();
    }

    /** A one-file ustar archive, gzip-compressed: enough for {@link TarReader}. */
    private static Path writeArchive(Path archive, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        byte[] header = new byte[512];
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = '0';
        byte[] magic = "ustar".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, header, 257, magic.length);
        tar.write(header);
        tar.write(data);
        tar.write(new byte[(512 - data.length % 512) % 512]);
        tar.write(new byte[1024]);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
            tar.writeTo(out);
        }
        return archive;
    }
}
