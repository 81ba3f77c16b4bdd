package io.jamesdspam.mailet.task;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.model.DspamUser;

/** The JSON form of a {@link DspamPurgeTask}. */
public class DspamPurgeTaskDTO implements TaskDTO {

    public static TaskDTOModule<DspamPurgeTask, DspamPurgeTaskDTO> module(DspamMaintenance maintenance, TrainingLedger ledger, Clock clock) {
        return DTOModule.forDomainObject(DspamPurgeTask.class)
            .convertToDTO(DspamPurgeTaskDTO.class)
            .toDomainObjectConverter(dto -> new DspamPurgeTask(maintenance, ledger,
                Duration.ofSeconds(dto.signatureAgeInSeconds), Optional.ofNullable(dto.user).map(DspamUser::of), clock))
            .toDTOConverter((task, type) -> new DspamPurgeTaskDTO(type, task.getSignatureAge().toSeconds(),
                task.getUser().map(DspamUser::asString).orElse(null)))
            .typeName(DspamPurgeTask.TASK_TYPE.asString())
            .withFactory(TaskDTOModule::new);
    }

    private final String type;
    private final long signatureAgeInSeconds;
    /** The one DSPAM user purged; null (or absent, as before session 40) for every user. */
    private final String user;

    public DspamPurgeTaskDTO(@JsonProperty("type") String type,
                             @JsonProperty("signatureAgeInSeconds") long signatureAgeInSeconds,
                             @JsonProperty("user") String user) {
        this.type = type;
        this.signatureAgeInSeconds = signatureAgeInSeconds;
        this.user = user;
    }

    @Override
    public String getType() {
        return type;
    }

    public long getSignatureAgeInSeconds() {
        return signatureAgeInSeconds;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String getUser() {
        return user;
    }
}
