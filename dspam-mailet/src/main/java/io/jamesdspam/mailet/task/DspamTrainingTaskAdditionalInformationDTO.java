package io.jamesdspam.mailet.task;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;

/** The JSON form of a periodic training run's counters, as {@code GET /tasks/{id}} shows them. */
public class DspamTrainingTaskAdditionalInformationDTO implements AdditionalInformationDTO {

    public static final AdditionalInformationDTOModule<DspamTrainingTask.AdditionalInformation, DspamTrainingTaskAdditionalInformationDTO> SERIALIZATION_MODULE =
        DTOModule.forDomainObject(DspamTrainingTask.AdditionalInformation.class)
            .convertToDTO(DspamTrainingTaskAdditionalInformationDTO.class)
            .toDomainObjectConverter(DspamTrainingTaskAdditionalInformationDTO::toDomainObject)
            .toDTOConverter(DspamTrainingTaskAdditionalInformationDTO::toDto)
            .typeName(DspamTrainingTask.TASK_TYPE.asString())
            .withFactory(AdditionalInformationDTOModule::new);

    private static DspamTrainingTask.AdditionalInformation toDomainObject(DspamTrainingTaskAdditionalInformationDTO dto) {
        return new DspamTrainingTask.AdditionalInformation(dto.timestamp, dto.runningOptions,
            new TrainingCounters.Snapshot(dto.examined, dto.trainedSpam, dto.trainedInnocent, dto.skippedAlreadyTrained, dto.failed));
    }

    private static DspamTrainingTaskAdditionalInformationDTO toDto(DspamTrainingTask.AdditionalInformation details, String type) {
        TrainingCounters.Snapshot counters = details.getCounters();
        return new DspamTrainingTaskAdditionalInformationDTO(type, details.timestamp(), details.getRunningOptions(),
            counters.examined(), counters.trainedSpam(), counters.trainedInnocent(), counters.skippedAlreadyTrained(),
            counters.failed());
    }

    private final String type;
    private final Instant timestamp;
    private final TrainingRunningOptions runningOptions;
    private final long examined;
    private final long trainedSpam;
    private final long trainedInnocent;
    private final long skippedAlreadyTrained;
    private final long failed;

    public DspamTrainingTaskAdditionalInformationDTO(@JsonProperty("type") String type,
                                                     @JsonProperty("timestamp") Instant timestamp,
                                                     @JsonProperty("runningOptions") TrainingRunningOptions runningOptions,
                                                     @JsonProperty("examined") long examined,
                                                     @JsonProperty("trainedSpam") long trainedSpam,
                                                     @JsonProperty("trainedInnocent") long trainedInnocent,
                                                     @JsonProperty("skippedAlreadyTrained") long skippedAlreadyTrained,
                                                     @JsonProperty("failed") long failed) {
        this.type = type;
        this.timestamp = timestamp;
        this.runningOptions = runningOptions;
        this.examined = examined;
        this.trainedSpam = trainedSpam;
        this.trainedInnocent = trainedInnocent;
        this.skippedAlreadyTrained = skippedAlreadyTrained;
        this.failed = failed;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    public TrainingRunningOptions getRunningOptions() {
        return runningOptions;
    }

    public long getExamined() {
        return examined;
    }

    public long getTrainedSpam() {
        return trainedSpam;
    }

    public long getTrainedInnocent() {
        return trainedInnocent;
    }

    public long getSkippedAlreadyTrained() {
        return skippedAlreadyTrained;
    }

    public long getFailed() {
        return failed;
    }
}
