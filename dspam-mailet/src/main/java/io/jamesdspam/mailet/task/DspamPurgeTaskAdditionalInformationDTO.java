package io.jamesdspam.mailet.task;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
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
                Duration.ofSeconds(dto.signatureAgeInSeconds), dto.usersPurged, dto.signaturesPurged, dto.tokensPurged,
                Optional.ofNullable(dto.limits)))
            .toDTOConverter((details, type) -> new DspamPurgeTaskAdditionalInformationDTO(type, details.timestamp(),
                details.getSignatureAge().toSeconds(), details.getUsersPurged(), details.getSignaturesPurged(),
                details.getTokensPurged(), details.getLimits().orElse(null)))
            .typeName(DspamPurgeTask.TASK_TYPE.asString())
            .withFactory(AdditionalInformationDTOModule::new);

    private final String type;
    private final Instant timestamp;
    private final long signatureAgeInSeconds;
    /** Absent (0) in what a node before session 40 wrote. */
    private final long usersPurged;
    private final long signaturesPurged;
    private final long tokensPurged;
    /** Absent (null) in what a node before session 41, or a backend that cannot tell, wrote. */
    private final String limits;

    public DspamPurgeTaskAdditionalInformationDTO(@JsonProperty("type") String type,
                                                  @JsonProperty("timestamp") Instant timestamp,
                                                  @JsonProperty("signatureAgeInSeconds") long signatureAgeInSeconds,
                                                  @JsonProperty("usersPurged") long usersPurged,
                                                  @JsonProperty("signaturesPurged") long signaturesPurged,
                                                  @JsonProperty("tokensPurged") long tokensPurged,
                                                  @JsonProperty("limits") String limits) {
        this.type = type;
        this.timestamp = timestamp;
        this.signatureAgeInSeconds = signatureAgeInSeconds;
        this.usersPurged = usersPurged;
        this.signaturesPurged = signaturesPurged;
        this.tokensPurged = tokensPurged;
        this.limits = limits;
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

    public long getUsersPurged() {
        return usersPurged;
    }

    public long getSignaturesPurged() {
        return signaturesPurged;
    }

    public long getTokensPurged() {
        return tokensPurged;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String getLimits() {
        return limits;
    }
}
