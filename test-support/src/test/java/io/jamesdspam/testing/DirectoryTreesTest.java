package io.jamesdspam.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTreesTest {
    @TempDir
    Path directory;

    @Test
    void deletesATreeChildrenFirstAndLeavesItsSiblingsAlone() throws IOException {
        Path root = directory.resolve("store");
        Files.createDirectories(root.resolve("users/ab/alice"));
        Files.writeString(root.resolve("users/ab/alice/journal"), "records");
        Files.writeString(root.resolve("totals"), "1 2 3");
        Path sibling = Files.writeString(directory.resolve("kept"), "kept");

        DirectoryTrees.delete(root);

        assertThat(root).doesNotExist();
        assertThat(sibling).hasContent("kept");
    }

    @Test
    void anAbsentTreeIsNothingToDelete() throws IOException {
        DirectoryTrees.delete(directory.resolve("never-created"));

        assertThat(directory).exists();
    }
}
