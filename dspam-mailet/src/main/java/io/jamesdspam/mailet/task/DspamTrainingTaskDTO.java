package io.jamesdspam.mailet.task;

import java.time.Clock;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.james.json.DTOModule;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;
import org.apache.james.user.api.UsersRepository;

import io.jamesdspam.mailet.mailbox.SpecialMailboxes;
import io.jamesdspam.mailet.training.CorrectionTrainer;
import io.jamesdspam.mailet.user.DspamUserMapping;

/** The JSON form of a {@link DspamTrainingTask}: its running options, so another node can run it. */
public class DspamTrainingTaskDTO implements TaskDTO {

    public static TaskDTOModule<DspamTrainingTask, DspamTrainingTaskDTO> module(MailboxManager mailboxManager,
                                                                              UsersRepository usersRepository,
                                                                              DspamUserMapping userMapping,
                                                                              SpecialMailboxes specialMailboxes,
                                                                              CorrectionTrainer trainer,
                                                                              Clock clock) {
        return DTOModule.forDomainObject(DspamTrainingTask.class)
            .convertToDTO(DspamTrainingTaskDTO.class)
            .toDomainObjectConverter(dto -> new DspamTrainingTask(mailboxManager, usersRepository, userMapping, specialMailboxes, trainer, clock,
                dto.toRunningOptions()))
            .toDTOConverter((task, type) -> DspamTrainingTaskDTO.of(type, task.getRunningOptions()))
            .typeName(DspamTrainingTask.TASK_TYPE.asString())
            .withFactory(TaskDTOModule::new);
    }

    private static DspamTrainingTaskDTO of(String type, TrainingRunningOptions options) {
        return new DspamTrainingTaskDTO(type, options.getUser().orElse(null), options.getPeriodInSeconds().orElse(null),
            options.isSinceLastRun(), options.getMessagesPerSecond(), options.getSamplingProbability(),
            options.getGracePeriodInSeconds(), options.isDryRun());
    }

    private final String type;
    private final String user;
    private final Long periodInSeconds;
    private final boolean sinceLastRun;
    private final int messagesPerSecond;
    private final double samplingProbability;
    private final long gracePeriodInSeconds;
    private final boolean dryRun;

    public DspamTrainingTaskDTO(@JsonProperty("type") String type,
                                @JsonProperty("user") String user,
                                @JsonProperty("periodInSeconds") Long periodInSeconds,
                                @JsonProperty("sinceLastRun") boolean sinceLastRun,
                                @JsonProperty("messagesPerSecond") int messagesPerSecond,
                                @JsonProperty("samplingProbability") double samplingProbability,
                                @JsonProperty("gracePeriodInSeconds") long gracePeriodInSeconds,
                                @JsonProperty("dryRun") boolean dryRun) {
        this.type = type;
        this.user = user;
        this.periodInSeconds = periodInSeconds;
        this.sinceLastRun = sinceLastRun;
        this.messagesPerSecond = messagesPerSecond;
        this.samplingProbability = samplingProbability;
        this.gracePeriodInSeconds = gracePeriodInSeconds;
        this.dryRun = dryRun;
    }

    private TrainingRunningOptions toRunningOptions() {
        return new TrainingRunningOptions(Optional.ofNullable(user), Optional.ofNullable(periodInSeconds), sinceLastRun,
            messagesPerSecond, samplingProbability, gracePeriodInSeconds, dryRun);
    }

    @Override
    public String getType() {
        return type;
    }

    public String getUser() {
        return user;
    }

    public Long getPeriodInSeconds() {
        return periodInSeconds;
    }

    public boolean isSinceLastRun() {
        return sinceLastRun;
    }

    public int getMessagesPerSecond() {
        return messagesPerSecond;
    }

    public double getSamplingProbability() {
        return samplingProbability;
    }

    public long getGracePeriodInSeconds() {
        return gracePeriodInSeconds;
    }

    public boolean isDryRun() {
        return dryRun;
    }
}
