package io.jamesdspam.benchmarks.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.benchmarks.smtp.PipelineServer.Pipeline;

/** The two pipelines the harness compares differ by the DSPAM mailets and nothing else. */
class PipelineServerTest {
    private static final Path SAMPLE = Paths.get("../../james-conf/src/main/conf").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    @Test
    void theBarePipelineIsTheSampleWithoutItsTwoDspamMailets() throws Exception {
        PipelineServer.prepare(Pipeline.BARE, SAMPLE, directory.resolve("bare"));
        PipelineServer.prepare(Pipeline.DSPAM, SAMPLE, directory.resolve("dspam"));

        String bare = PipelineServer.mailetContainer(directory.resolve("bare"));
        String dspam = PipelineServer.mailetContainer(directory.resolve("dspam"));

        assertThat(dspam).contains("class=\"io.jamesdspam.mailet.Dspam\"")
            .contains("match=\"io.jamesdspam.mailet.readiness.IsReadyDspamSpam");
        assertThat(bare).doesNotContain("class=\"io.jamesdspam.mailet.Dspam\"")
            .doesNotContain("match=\"io.jamesdspam.mailet.readiness.IsReadyDspamSpam")
            .contains("class=\"RemoveMimeHeader\"").contains("<processor>local-delivery</processor>");
        String withoutDspamMailets = dspam
            .replaceAll("(?s)\\s*<mailet match=\"All\" class=\"io\\.jamesdspam\\.mailet\\.Dspam\">.*?</mailet>", "")
            .replaceAll("(?s)\\s*<mailet match=\"io\\.jamesdspam\\.mailet\\.readiness\\.IsReadyDspamSpam\" "
                + "class=\"WithStorageDirective\">.*?</mailet>", "");
        assertThat(bare).isEqualTo(withoutDspamMailets);
        assertThat(directory.resolve("bare/conf/smtpserver.xml")).content().contains("<bind>127.0.0.1:0</bind>");
    }
}
