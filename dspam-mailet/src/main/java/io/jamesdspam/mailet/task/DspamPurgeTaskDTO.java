package io.jamesdspam.mailet.task;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.mailet.training.TrainingLedger;

/** The JSON form of a {@link DspamPurgeTask}. */
public class DspamPurgeTaskDTO implements TaskDTO {

    public static TaskDTOModule<DspamPurgeTask, DspamPurgeTaskDTO> module(DspamMaintenance maintenance, TrainingLedger ledger, Clock clock) {
        return DTOModule.forDomainObject(DspamPurgeTask.class)
            .convertToDTO(DspamPurgeTaskDTO.class)
            .toDomainObjectConverter(dto -> new DspamPurgeTask(maintenance, ledger,
                Duration.ofSeconds(dto.signatureAgeInSeconds), clock))
            .toDTOConverter((task, type) -> new DspamPurgeTaskDTO(type, task.getSignatureAge().toSeconds()))
            .typeName(DspamPurgeTask.TASK_TYPE.asString())
            .withFactory(TaskDTOModule::new);
    }

    private final String type;
    private final long signatureAgeInSeconds;

    public DspamPurgeTaskDTO(@JsonProperty("type") String type,
                             @JsonProperty("signatureAgeInSeconds") long signatureAgeInSeconds) {
        this.type = type;
        this.signatureAgeInSeconds = signatureAgeInSeconds;
    }

    @Override
    public String getType() {
        return type;
    }

    public long getSignatureAgeInSeconds() {
        return signatureAgeInSeconds;
    }
}
