package io.jamesdspam.mailet.task;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.AdditionalInformationDTO;
import org.apache.james.server.task.json.dto.AdditionalInformationDTOModule;

/** The JSON form of what a purge removed. */
public class DspamPurgeTaskAdditionalInformationDTO implements AdditionalInformationDTO {

    public static final AdditionalInformationDTOModule<DspamPurgeTask.AdditionalInformation, DspamPurgeTaskAdditionalInformationDTO> SERIALIZATION_MODULE =
        DTOModule.forDomainObject(DspamPurgeTask.AdditionalInformation.class)
            .convertToDTO(DspamPurgeTaskAdditionalInformationDTO.class)
            .toDomainObjectConverter(dto -> new DspamPurgeTask.AdditionalInformation(dto.timestamp,
                Duration.ofSeconds(dto.signatureAgeInSeconds), dto.signaturesPurged, dto.tokensPurged))
            .toDTOConverter((details, type) -> new DspamPurgeTaskAdditionalInformationDTO(type, details.timestamp(),
                details.getSignatureAge().toSeconds(), details.getSignaturesPurged(), details.getTokensPurged()))
            .typeName(DspamPurgeTask.TASK_TYPE.asString())
            .withFactory(AdditionalInformationDTOModule::new);

    private final String type;
    private final Instant timestamp;
    private final long signatureAgeInSeconds;
    private final long signaturesPurged;
    private final long tokensPurged;

    public DspamPurgeTaskAdditionalInformationDTO(@JsonProperty("type") String type,
                                                  @JsonProperty("timestamp") Instant timestamp,
                                                  @JsonProperty("signatureAgeInSeconds") long signatureAgeInSeconds,
                                                  @JsonProperty("signaturesPurged") long signaturesPurged,
                                                  @JsonProperty("tokensPurged") long tokensPurged) {
        this.type = type;
        this.timestamp = timestamp;
        this.signatureAgeInSeconds = signatureAgeInSeconds;
        this.signaturesPurged = signaturesPurged;
        this.tokensPurged = tokensPurged;
    }

    @Override
    public String getType() {
        return type;
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }

    public long getSignatureAgeInSeconds() {
        return signatureAgeInSeconds;
    }

    public long getSignaturesPurged() {
        return signaturesPurged;
    }

    public long getTokensPurged() {
        return tokensPurged;
    }
}
