package io.jamesdspam.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SoakPlotTest {
    private static final String HEADER = "minute,elapsed_s,heap_after_gc_mb,rss_mb,fds,threads,store_mb,accepted\n";

    @TempDir
    Path directory;

    @Test
    void drawsThePngFromTheSamples() throws IOException {
        Path samples = directory.resolve("samples.csv");
        Files.writeString(samples, HEADER + "1,60,367.5,688.0,357,142,44.1,240\n2,120,380.2,700.3,357,150,50.0,480\n");
        Path png = directory.resolve("soak.png");

        int status = new CommandLine(new SoakPlot()).execute("--samples", samples.toString(), "--out", png.toString());

        assertThat(status).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isPositive();
    }

    @Test
    void failsOnAMissingColumnRatherThanDrawingNothing() throws IOException {
        Path samples = directory.resolve("samples.csv");
        Files.writeString(samples, "minute,rss_mb\n1,688.0\n");

        int status = new CommandLine(new SoakPlot()).execute("--samples", samples.toString(),
            "--out", directory.resolve("soak.png").toString());

        assertThat(status).isNotZero();
        assertThat(directory.resolve("soak.png")).doesNotExist();
    }
}
