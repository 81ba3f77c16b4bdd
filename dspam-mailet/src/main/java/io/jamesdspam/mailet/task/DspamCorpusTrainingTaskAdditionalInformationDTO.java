package io.jamesdspam.mailet.task;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;

import io.jamesdspam.model.TrainingClass;

/** The JSON form of a corpus training's progress. */
public class DspamCorpusTrainingTaskAdditionalInformationDTO implements AdditionalInformationDTO {

    public static final AdditionalInformationDTOModule<DspamCorpusTrainingTask.AdditionalInformation, DspamCorpusTrainingTaskAdditionalInformationDTO> SERIALIZATION_MODULE =
        DTOModule.forDomainObject(DspamCorpusTrainingTask.AdditionalInformation.class)
            .convertToDTO(DspamCorpusTrainingTaskAdditionalInformationDTO.class)
            .toDomainObjectConverter(dto -> new DspamCorpusTrainingTask.AdditionalInformation(dto.timestamp, dto.dspamUser,
                TrainingClass.parse(dto.trainingClass), dto.messages, dto.trained, dto.failed, dto.tooLarge))
            .toDTOConverter((details, type) -> new DspamCorpusTrainingTaskAdditionalInformationDTO(type, details.timestamp(),
                details.getDspamUser(), details.getTrainingClass().optionValue(), details.getMessages(), details.getTrained(),
                details.getFailed(), details.getTooLarge()))
            .typeName(DspamCorpusTrainingTask.TASK_TYPE.asString())
            .withFactory(AdditionalInformationDTOModule::new);

    private final String type;
    private final Instant timestamp;
    private final String dspamUser;
    private final String trainingClass;
    private final long messages;
    private final long trained;
    private final long failed;
    private final long tooLarge;

    public DspamCorpusTrainingTaskAdditionalInformationDTO(@JsonProperty("type") String type,
                                                           @JsonProperty("timestamp") Instant timestamp,
                                                           @JsonProperty("dspamUser") String dspamUser,
                                                           @JsonProperty("trainingClass") String trainingClass,
                                                           @JsonProperty("messages") long messages,
                                                           @JsonProperty("trained") long trained,
                                                           @JsonProperty("failed") long failed,
                                                           @JsonProperty("tooLarge") long tooLarge) {
        this.type = type;
        this.timestamp = timestamp;
        this.dspamUser = dspamUser;
        this.trainingClass = trainingClass;
        this.messages = messages;
        this.trained = trained;
        this.failed = failed;
        this.tooLarge = tooLarge;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    public String getDspamUser() {
        return dspamUser;
    }

    public String getTrainingClass() {
        return trainingClass;
    }

    public long getMessages() {
        return messages;
    }

    public long getTrained() {
        return trained;
    }

    public long getFailed() {
        return failed;
    }

    public long getTooLarge() {
        return tooLarge;
    }
}
