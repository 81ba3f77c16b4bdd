package io.jamesdspam.mailet.task;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.james.JsonSerializationVerifier;
import org.apache.james.json.JsonGenericSerializer;
import org.apache.james.mailbox.inmemory.InMemoryMailboxManager;
import org.apache.james.mailbox.inmemory.manager.InMemoryIntegrationResources;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.util.ClassLoaderUtils;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.testing.RecordingDspamBackend;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.training.InMemoryTrainingLedger;
import io.jamesdspam.mailet.user.DspamUserMapping;
import io.jamesdspam.model.DspamUser;

class DspamTaskSerializationTest {
    private static final Instant NOW = Instant.parse("2026-11-25T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final TrainingRunningOptions BOB_OPTIONS = new TrainingRunningOptions(Optional.of("bob@example.org"),
        Optional.of(3600L), false, 5, 0.5, 86400, true);

    @Nested
    class Training {
        private final InMemoryMailboxManager mailboxManager = InMemoryIntegrationResources.defaultResources().getMailboxManager();
        private final RecordingDspamBackend backend = new RecordingDspamBackend();
        private final CorrectionTrainer trainer = new CorrectionTrainer(backend, new InMemoryTrainingLedger(), CLOCK);
        private final UsersRepository usersRepository = Mockito.mock(UsersRepository.class);

        private DspamTrainingTask task(TrainingRunningOptions options) {
            return new DspamTrainingTask(mailboxManager, usersRepository, DspamUserMapping.recipient(), SpecialMailboxes.defaults(),
                trainer, CLOCK, options);
        }

        @Test
        void taskForOneUser() throws Exception {
            JsonSerializationVerifier.dtoModule(DspamTrainingTaskDTO.module(mailboxManager, usersRepository,
                    DspamUserMapping.recipient(), SpecialMailboxes.defaults(), trainer, CLOCK))
                .bean(task(BOB_OPTIONS))
                .json(ClassLoaderUtils.getSystemResourceAsString("json/dspamTraining.task.json"))
                .equalityTester((a, b) -> Assertions.assertThat(a.getRunningOptions()).isEqualTo(b.getRunningOptions()))
                .verify();
        }

        @Test
        void taskForAllUsersSinceLastRun() throws Exception {
            JsonSerializationVerifier.dtoModule(DspamTrainingTaskDTO.module(mailboxManager, usersRepository,
                    DspamUserMapping.recipient(), SpecialMailboxes.defaults(), trainer, CLOCK))
                .bean(task(new TrainingRunningOptions(Optional.empty(), Optional.empty(), true, 10, 1.0, 86400, false)))
                .json(ClassLoaderUtils.getSystemResourceAsString("json/dspamTrainingAllUsers.task.json"))
                .equalityTester((a, b) -> Assertions.assertThat(a.getRunningOptions()).isEqualTo(b.getRunningOptions()))
                .verify();
        }

        @Test
        void additionalInformation() throws Exception {
            JsonSerializationVerifier.dtoModule(DspamTrainingTaskAdditionalInformationDTO.SERIALIZATION_MODULE)
                .bean(new DspamTrainingTask.AdditionalInformation(NOW, BOB_OPTIONS, new TrainingCounters.Snapshot(10, 3, 4, 2, 1)))
                .json(ClassLoaderUtils.getSystemResourceAsString("json/dspamTraining.additionalInformation.json"))
                .verify();
        }

        @Test
        void additionalInformationWithDefaults() throws Exception {
            JsonSerializationVerifier.dtoModule(DspamTrainingTaskAdditionalInformationDTO.SERIALIZATION_MODULE)
                .bean(new DspamTrainingTask.AdditionalInformation(NOW, TrainingRunningOptions.DEFAULT, new TrainingCounters.Snapshot(0, 0, 0, 0, 0)))
                .json(ClassLoaderUtils.getSystemResourceAsString("json/dspamTrainingDefaults.additionalInformation.json"))
                .verify();
        }

        @Test
        void periodAndSinceLastRunExcludeEachOther() {
            assertThatThrownBy(() -> new TrainingRunningOptions(Optional.empty(), Optional.of(60L), true, 10, 1.0, 0, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'period' and 'sinceLastRun'");
        }
    }

    @Nested
    class Purge {
        private final RecordingDspamBackend backend = new RecordingDspamBackend();

        @Test
        void task() throws Exception {
            verify(purge(TokenPurgeLimits.CONFIGURED, Optional.empty()),
                ClassLoaderUtils.getSystemResourceAsString("json/dspamPurge.task.json"));
        }

        @Test
        void taskOfOneUser() throws Exception {
            verify(purge(TokenPurgeLimits.CONFIGURED, Optional.of(DspamUser.of("bob@example.org"))),
                "{\"type\":\"dspam-purge\",\"signatureAgeInSeconds\":1209600,\"user\":\"bob@example.org\"}");
        }

        @Test
        void taskWithTokenLimits() throws Exception {
            TokenPurgeLimits limits = new TokenPurgeLimits(OptionalInt.of(30), Optional.of(new TokenPurgeLimits.Unused(60, 20, 5, 10)));
            verify(purge(limits, Optional.empty()), "{\"type\":\"dspam-purge\",\"signatureAgeInSeconds\":1209600,"
                + "\"neutralAgeInDays\":30,\"unusedAgesInDays\":[60,20,5,10]}");
        }

        private DspamPurgeTask purge(TokenPurgeLimits limits, Optional<DspamUser> user) {
            return new DspamPurgeTask(backend, new InMemoryTrainingLedger(), Duration.ofDays(14), limits, user, CLOCK);
        }

        private void verify(DspamPurgeTask task, String json) throws Exception {
            JsonSerializationVerifier.dtoModule(DspamPurgeTaskDTO.module(backend, new InMemoryTrainingLedger(), CLOCK))
                .bean(task)
                .json(json)
                .equalityTester((a, b) -> {
                    Assertions.assertThat(a.getSignatureAge()).isEqualTo(b.getSignatureAge());
                    Assertions.assertThat(a.getTokenLimits()).isEqualTo(b.getTokenLimits());
                    Assertions.assertThat(a.getUser()).isEqualTo(b.getUser());
                })
                .verify();
        }

        @Test
        void additionalInformation() throws Exception {
            JsonSerializationVerifier.dtoModule(DspamPurgeTaskAdditionalInformationDTO.SERIALIZATION_MODULE)
                .bean(new DspamPurgeTask.AdditionalInformation(NOW, Duration.ofDays(14), 6, 12, 345, Optional.empty()))
                .json(ClassLoaderUtils.getSystemResourceAsString("json/dspamPurge.additionalInformation.json"))
                .verify();
        }

        @Test
        void additionalInformationWithTheLimitsApplied() throws Exception {
            JsonSerializationVerifier.dtoModule(DspamPurgeTaskAdditionalInformationDTO.SERIALIZATION_MODULE)
                .bean(new DspamPurgeTask.AdditionalInformation(NOW, Duration.ofDays(14), 6, 12, 345,
                    Optional.of("signatures 14, neutral 30, unused 90,30,15,15")))
                .json("{\"type\":\"dspam-purge\",\"timestamp\":\"2026-11-25T00:00:00Z\",\"signatureAgeInSeconds\":1209600,"
                    + "\"usersPurged\":6,\"signaturesPurged\":12,\"tokensPurged\":345,"
                    + "\"limits\":\"signatures 14, neutral 30, unused 90,30,15,15\"}")
                .verify();
        }

        /** What a node before session 40 wrote (no user count) is still read, the count 0. */
        @Test
        void additionalInformationWithoutAUserCount() throws Exception {
            Object read = JsonGenericSerializer.forModules(DspamPurgeTaskAdditionalInformationDTO.SERIALIZATION_MODULE)
                .withoutNestedType()
                .deserialize("{\"type\":\"dspam-purge\",\"timestamp\":\"2026-11-25T00:00:00Z\","
                    + "\"signatureAgeInSeconds\":1209600,\"signaturesPurged\":12,\"tokensPurged\":345}");

            Assertions.assertThat(read).isEqualTo(new DspamPurgeTask.AdditionalInformation(NOW, Duration.ofDays(14), 0, 12, 345,
                Optional.empty()));
        }
    }
}
