package io.jamesdspam.benchmarks.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.benchmarks.smtp.PipelineServer.Pipeline;
import io.jamesdspam.engine.storage.sql.SqlStoreOptions;

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

    @Test
    void sqlStorageSetsTheEmbeddedStorageKeysOfTheDspamPipeline() throws Exception {
        PipelineServer.prepare(Pipeline.DSPAM, SAMPLE, directory.resolve("dspam"));
        PipelineServer.useSqlStorage(directory.resolve("dspam"),
            SqlStoreOptions.of("jdbc:postgresql://127.0.0.1:5432/bench_smtp").withCredentials("postgres", null));

        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(directory.resolve("dspam/conf/dspam.properties"))) {
            properties.load(reader);
        }
        assertThat(properties.getProperty("embedded.storage")).isEqualTo("postgresql");
        assertThat(properties.getProperty("embedded.sql.url")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/bench_smtp");
        assertThat(properties.getProperty("embedded.sql.user")).isEqualTo("postgres");
        assertThat(properties.getProperty("embedded.sql.password")).isNull();
        // the rest of the sample stays as it is
        assertThat(properties.getProperty("backend")).isEqualTo("embedded");
    }
}
