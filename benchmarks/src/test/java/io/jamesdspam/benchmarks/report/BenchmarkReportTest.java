package io.jamesdspam.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchmarkReportTest {
    @TempDir
    Path directory;

    @Test
    void tabulatesTheAlternatedEngineRatiosOfEachStoreFound() throws IOException {
        Files.writeString(directory.resolve("classify-ratio-journal.json"), "{\"store\": \"journal\", \"pairs\": 15,"
            + " \"messagesPerPass\": 1418, \"median\": 0.4341, \"lowerQuartile\": 0.412, \"upperQuartile\": 0.443,"
            + " \"ratios\": [0.43]}");

        int status = new CommandLine(new BenchmarkReport()).execute("--directory", directory.toString());

        assertThat(status).isZero();
        String page = Files.readString(directory.resolve("index.md"), StandardCharsets.UTF_8);
        assertThat(page).contains("### Engine, alternated passes").contains("| journal | 15 | 1418 | 0.434 | 0.412–0.443 |")
            .doesNotContain("| memory |");
    }

    @Test
    void leavesTheSectionOutWithoutResults() throws IOException {
        int status = new CommandLine(new BenchmarkReport()).execute("--directory", directory.toString());

        assertThat(status).isZero();
        assertThat(Files.readString(directory.resolve("index.md"), StandardCharsets.UTF_8)).doesNotContain("alternated passes");
    }
}
