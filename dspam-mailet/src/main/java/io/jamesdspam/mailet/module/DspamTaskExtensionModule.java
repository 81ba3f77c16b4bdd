package io.jamesdspam.mailet.module;

import java.time.Clock;
import java.util.Set;

import javax.inject.Inject;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.server.task.json.TaskExtensionModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;
import org.apache.james.task.Task;
import org.apache.james.task.TaskExecutionDetails;
import org.apache.james.user.api.UsersRepository;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.task.DspamCorpusTrainingTask;
import io.jamesdspam.mailet.task.DspamCorpusTrainingTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.task.DspamCorpusTrainingTaskDTO;
import io.jamesdspam.mailet.task.DspamPurgeTask;
import io.jamesdspam.mailet.task.DspamPurgeTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.task.DspamPurgeTaskDTO;
import io.jamesdspam.mailet.task.DspamTrainingTask;
import io.jamesdspam.mailet.task.DspamTrainingTaskAdditionalInformationDTO;
import io.jamesdspam.mailet.task.DspamTrainingTaskDTO;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.user.DspamUserMapping;

/**
 * Lets James serialise DSPAM tasks and their details ({@code extensions.properties}:
 * {@code guice.extension.task=io.jamesdspam.mailet.module.DspamTaskExtensionModule}).
 */
public class DspamTaskExtensionModule implements TaskExtensionModule {
    private final TaskDTOModule<DspamTrainingTask, DspamTrainingTaskDTO> trainingTaskModule;
    private final TaskDTOModule<DspamPurgeTask, DspamPurgeTaskDTO> purgeTaskModule;
    private final TaskDTOModule<DspamCorpusTrainingTask, DspamCorpusTrainingTaskDTO> corpusTaskModule;

    @Inject
    public DspamTaskExtensionModule(MailboxManager mailboxManager, UsersRepository usersRepository,
                                    DspamUserMapping userMapping, SpecialMailboxes specialMailboxes, CorrectionTrainer trainer,
                                    DspamBackend backend, Clock clock) {
        this.trainingTaskModule = DspamTrainingTaskDTO.module(mailboxManager, usersRepository, userMapping, specialMailboxes,
            trainer, clock);
        this.purgeTaskModule = DspamPurgeTaskDTO.module(maintenanceOf(backend), trainer.ledger(), clock);
        this.corpusTaskModule = DspamCorpusTrainingTaskDTO.module(backend, clock);
    }

    /** A purge task can only be created for a backend with maintenance (see DspamRoutes). */
    private static DspamMaintenance maintenanceOf(DspamBackend backend) {
        if (backend instanceof DspamMaintenance) {
            return (DspamMaintenance) backend;
        }
        return (age, limits, user, progress) -> {
            throw new UnsupportedOperationException("The DSPAM backend '" + backend.name() + "' offers no maintenance");
        };
    }

    @Override
    public Set<TaskDTOModule<? extends Task, ? extends TaskDTO>> taskDTOModules() {
        return Set.of(trainingTaskModule, purgeTaskModule, corpusTaskModule);
    }

    @Override
    public Set<AdditionalInformationDTOModule<? extends TaskExecutionDetails.AdditionalInformation, ? extends AdditionalInformationDTO>> taskAdditionalInformationDTOModules() {
        return Set.of(DspamTrainingTaskAdditionalInformationDTO.SERIALIZATION_MODULE,
            DspamPurgeTaskAdditionalInformationDTO.SERIALIZATION_MODULE,
            DspamCorpusTrainingTaskAdditionalInformationDTO.SERIALIZATION_MODULE);
    }
}
