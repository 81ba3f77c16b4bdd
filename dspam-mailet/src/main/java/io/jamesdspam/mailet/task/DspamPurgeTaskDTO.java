package io.jamesdspam.mailet.task;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;

import io.jamesdspam.api.DspamMaintenance;
import io.jamesdspam.api.TokenPurgeLimits;
import io.jamesdspam.mailet.training.TrainingLedger;
import io.jamesdspam.model.DspamUser;

/** The JSON form of a {@link DspamPurgeTask}. */
public class DspamPurgeTaskDTO implements TaskDTO {

    public static TaskDTOModule<DspamPurgeTask, DspamPurgeTaskDTO> module(DspamMaintenance maintenance, TrainingLedger ledger, Clock clock) {
        return DTOModule.forDomainObject(DspamPurgeTask.class)
            .convertToDTO(DspamPurgeTaskDTO.class)
            .toDomainObjectConverter(dto -> new DspamPurgeTask(maintenance, ledger,
                Duration.ofSeconds(dto.signatureAgeInSeconds), dto.tokenLimits(), Optional.ofNullable(dto.user).map(DspamUser::of),
                clock))
            .toDTOConverter((task, type) -> new DspamPurgeTaskDTO(type, task.getSignatureAge().toSeconds(),
                task.getTokenLimits().neutralDays().isPresent() ? task.getTokenLimits().neutralDays().getAsInt() : null,
                task.getTokenLimits().unused().map(TokenPurgeLimits.Unused::asList).orElse(null),
                task.getUser().map(DspamUser::asString).orElse(null)))
            .typeName(DspamPurgeTask.TASK_TYPE.asString())
            .withFactory(TaskDTOModule::new);
    }

    private final String type;
    private final long signatureAgeInSeconds;
    /** {@code dspam_clean -p}'s days; null (or absent, as before session 41) for the configured limit. */
    private final Integer neutralAgeInDays;
    /** {@code dspam_clean -u}'s four days; null (or absent, as before session 41) for the configured limits. */
    private final List<Integer> unusedAgesInDays;
    /** The one DSPAM user purged; null (or absent, as before session 40) for every user. */
    private final String user;

    public DspamPurgeTaskDTO(@JsonProperty("type") String type,
                             @JsonProperty("signatureAgeInSeconds") long signatureAgeInSeconds,
                             @JsonProperty("neutralAgeInDays") Integer neutralAgeInDays,
                             @JsonProperty("unusedAgesInDays") List<Integer> unusedAgesInDays,
                             @JsonProperty("user") String user) {
        this.type = type;
        this.signatureAgeInSeconds = signatureAgeInSeconds;
        this.neutralAgeInDays = neutralAgeInDays;
        this.unusedAgesInDays = unusedAgesInDays;
        this.user = user;
    }

    private TokenPurgeLimits tokenLimits() {
        return new TokenPurgeLimits(neutralAgeInDays == null ? OptionalInt.empty() : OptionalInt.of(neutralAgeInDays),
            Optional.ofNullable(unusedAgesInDays).map(TokenPurgeLimits.Unused::of));
    }

    @Override
    public String getType() {
        return type;
    }

    public long getSignatureAgeInSeconds() {
        return signatureAgeInSeconds;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Integer getNeutralAgeInDays() {
        return neutralAgeInDays;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public List<Integer> getUnusedAgesInDays() {
        return unusedAgesInDays;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String getUser() {
        return user;
    }
}
