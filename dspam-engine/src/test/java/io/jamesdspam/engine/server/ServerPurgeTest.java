package io.jamesdspam.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.engine.EmbeddedDspam;
import io.jamesdspam.engine.EngineSettings;
import io.jamesdspam.engine.config.DspamConf;
import io.jamesdspam.engine.storage.InMemoryDspamStore;
import io.jamesdspam.engine.storage.MessageUpdate;
import io.jamesdspam.engine.storage.StoredSignature;
import io.jamesdspam.model.DspamRequest;
import io.jamesdspam.model.DspamResponse;
import io.jamesdspam.model.DspamTotals;
import io.jamesdspam.model.DspamUser;

/** {@code ServerPurgeInterval}: the served store purged by the server itself, as dspam_clean from cron would. */
class ServerPurgeTest {
    private static final DspamUser BOB = DspamUser.of("bob");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path directory;

    private static void storeSignature(InMemoryDspamStore store, String id, int daysAgo) {
        LocalDate day = LocalDate.now().minusDays(daysAgo);
        store.apply(BOB, new MessageUpdate(DspamTotals.EMPTY, DspamTotals.EMPTY, List.of(),
            Optional.of(new StoredSignature(id, new byte[16], day)), day));
    }

    @Test
    void aServedEngineIsPurgedOnItsIntervalAndKeepsWhatIsYoungEnough() throws IOException {
        InMemoryDspamStore store = new InMemoryDspamStore();
        storeSignature(store, "old20", 20);
        storeSignature(store, "old9", 9);
        storeSignature(store, "new3", 3);
        Path conf = Files.writeString(directory.resolve("dspam.conf"), "ServerPass.james \"s3cret\"\nServerHost 127.0.0.1\n"
            + "ServerPort 0\nServerPurgeInterval 1\nPurgeSignatures 7\n");
        DlmtpServerMain main = new DlmtpServerMain(c -> EmbeddedDspam.create(EngineSettings.defaults(), store),
            System.out, System.err);

        try (DlmtpServerMain.Served served = main.start(conf)) {
            await().atMost(TIMEOUT).until(() -> !store.hasSignature(BOB, "old9"));

            assertThat(store.hasSignature(BOB, "old20")).isFalse();
            assertThat(store.hasSignature(BOB, "new3")).isTrue();
        }
    }

    @Test
    void noIntervalOrZeroPurgesNothing() {
        DspamBackend backend = new CountingBackend(0);

        assertThat(ServerPurge.start(DspamConf.parse("PurgeSignatures 7\n"), backend, TIMEOUT)).isEmpty();
        assertThat(ServerPurge.start(DspamConf.parse("ServerPurgeInterval 0\n"), backend, TIMEOUT)).isEmpty();
    }

    @Test
    void aFailedPurgeIsTriedAgainAtTheNextInterval() {
        CountingBackend backend = new CountingBackend(1);

        try (ServerPurge purge = ServerPurge.start(DspamConf.parse("ServerPurgeInterval 1\n"), backend, TIMEOUT).orElseThrow()) {
            await().atMost(TIMEOUT).until(() -> backend.purges.get() >= 2);
        }
        assertThat(backend.signatureAges).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void aBackendThatCannotPurgeAndBadValuesAreRefusedNamingTheKey() {
        DspamConf purging = DspamConf.parse("ServerPurgeInterval 86400\n");

        assertThatThrownBy(() -> ServerPurge.start(purging, ScriptedBackend.likeTheTranscripts(), TIMEOUT))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ServerPurgeInterval")
            .hasMessageContaining("cannot purge");
        assertThatThrownBy(() -> ServerPurge.start(DspamConf.parse("ServerPurgeInterval nightly\n"), new CountingBackend(0),
            TIMEOUT)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ServerPurgeInterval");
        assertThatThrownBy(() -> ServerPurge.start(DspamConf.parse("ServerPurgeInterval 60\nPurgeSignatures fortnight\n"),
            new CountingBackend(0), TIMEOUT)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("PurgeSignatures");
    }

    /** Counts its purges; the first {@code failures} of them fail. */
    private static final class CountingBackend implements DspamBackend, DspamMaintenance {
        private final AtomicInteger purges = new AtomicInteger();
        private final int failures;
        private volatile Duration signatureAges;

        CountingBackend(int failures) {
            this.failures = failures;
        }

        @Override
        public PurgeReport purge(Duration signatureAge, TokenPurgeLimits tokenLimits, Optional<DspamUser> only,
                                 Consumer<PurgeReport> progress) {
            signatureAges = signatureAge;
            if (purges.incrementAndGet() <= failures) {
                throw new IllegalStateException("the store is away");
            }
            return PurgeReport.NOTHING;
        }

        @Override
        public DspamResponse execute(DspamRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void ping() {
        }

        @Override
        public String name() {
            return "counting";
        }
    }
}
