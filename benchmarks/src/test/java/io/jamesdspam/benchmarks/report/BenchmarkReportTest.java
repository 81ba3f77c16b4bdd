package io.jamesdspam.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import io.jamesdspam.benchmarks.users.UsersReport;
import io.jamesdspam.benchmarks.users.UsersRunResult;

class BenchmarkReportTest {
    @TempDir
    Path directory;

    @Test
    void tabulatesTheAlternatedEngineRatiosOfEachStoreFound() throws IOException {
        Files.writeString(directory.resolve("classify-ratio-journal.json"), "{\"store\": \"journal\", \"pairs\": 15,"
            + " \"messagesPerPass\": 1418, \"median\": 0.4341, \"lowerQuartile\": 0.412, \"upperQuartile\": 0.443,"
            + " \"ratios\": [0.43]}");
        Files.writeString(directory.resolve("classify-ratio-journal-uncached.json"), "{\"store\": \"journal-uncached\","
            + " \"pairs\": 10, \"messagesPerPass\": 1418, \"median\": 0.3042, \"lowerQuartile\": 0.291,"
            + " \"upperQuartile\": 0.312, \"ratios\": [0.30]}");

        int status = new CommandLine(new BenchmarkReport()).execute("--directory", directory.toString());

        assertThat(status).isZero();
        String page = Files.readString(directory.resolve("index.md"), StandardCharsets.UTF_8);
        assertThat(page).contains("### Engine, alternated passes").contains("| journal | 15 | 1418 | 0.434 | 0.412–0.443 |")
            .contains("| journal-uncached | 10 | 1418 | 0.304 | 0.291–0.312 |").doesNotContain("| memory |");
    }

    @Test
    void tabulatesTheSmtpHarnessRunsWithTheirThreadIdsAndServerCpu() throws IOException {
        Files.writeString(directory.resolve("smtp-recipients-1.json"), "{\"recipients\": 1, \"threadIds\": \"naive\","
            + " \"rounds\": 6, \"bareMessagesPerSecond\": 696.4, \"dspamMessagesPerSecond\": 410.3, \"ratioOfMeans\": 0.589,"
            + " \"ratioPerRoundMean\": 0.599, \"ratioPerRoundSd\": 0.069, \"bareCpuMillisPerMessage\": 2.62,"
            + " \"dspamCpuMillisPerMessage\": 4.52, \"loadAverage\": 7.1}");
        // a summary of the earlier harness, without thread ids or CPU
        Files.writeString(directory.resolve("smtp-recipients-4.json"), "{\"recipients\": 4, \"rounds\": 2,"
            + " \"bareMessagesPerSecond\": 19.9, \"dspamMessagesPerSecond\": 17.2, \"ratioOfMeans\": 0.865,"
            + " \"ratioPerRoundMean\": 0.867, \"ratioPerRoundSd\": 0.077, \"loadAverage\": 3.0}");

        int status = new CommandLine(new BenchmarkReport()).execute("--directory", directory.toString());

        assertThat(status).isZero();
        String page = Files.readString(directory.resolve("index.md"), StandardCharsets.UTF_8);
        assertThat(page).contains("| 1 | naive | 6 | 696.4 | 410.3 | 0.589 | 0.599 ± 0.069 | 2.62 / 4.52 | 7.1 |")
            .contains("| 4 | search | 2 | 19.9 | 17.2 | 0.865 | 0.867 ± 0.077 | – | 3.0 |");
    }

    @Test
    void tabulatesTheMedianOfTheUsersRatiosPassByPass() throws IOException {
        UsersReport report = new UsersReport();
        report.store = "journal";
        report.heap = "512m";
        report.runs = List.of(usersRun(1, 2000), usersRun(10_000, 900));
        Map<Integer, List<Double>> ratios = new LinkedHashMap<>();
        ratios.put(1, List.of(1.0, 1.0, 1.0));
        ratios.put(10_000, List.of(0.45, 0.39, 0.51));
        report.ratiosByPass = ratios;
        new ObjectMapper().writeValue(directory.resolve("users-journal.json").toFile(), report);

        int status = new CommandLine(new BenchmarkReport()).execute("--directory", directory.toString());

        assertThat(status).isZero();
        String page = Files.readString(directory.resolve("index.md"), StandardCharsets.UTF_8);
        assertThat(page).contains("| 10,000 | 900 | 0.450 |")
            .contains("| 10,000 | 3 | 0.450 | 0.450 / 0.390 / 0.510 |")
            .contains("| 1 | 3 | 1.000 | 1.000 / 1.000 / 1.000 |");
    }

    private static UsersRunResult usersRun(int users, double messagesPerSecond) {
        UsersRunResult run = new UsersRunResult();
        run.users = users;
        run.messagesPerSecond = messagesPerSecond;
        run.latenciesMillis = new double[] {0.3, 0.5, 2.0};
        return run;
    }

    @Test
    void leavesTheSectionOutWithoutResults() throws IOException {
        int status = new CommandLine(new BenchmarkReport()).execute("--directory", directory.toString());

        assertThat(status).isZero();
        assertThat(Files.readString(directory.resolve("index.md"), StandardCharsets.UTF_8)).doesNotContain("alternated passes");
    }
}
