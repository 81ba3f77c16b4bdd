package io.jamesdspam.mailet.task;

import java.nio.file.Path;
import java.time.Clock;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.james.json.DTOModule;
import org.apache.james.server.task.json.dto.TaskDTO;
import org.apache.james.server.task.json.dto.TaskDTOModule;

import io.jamesdspam.api.DspamBackend;
import io.jamesdspam.model.DspamUser;
import io.jamesdspam.model.TrainingClass;

/** The JSON form of a {@link DspamCorpusTrainingTask}: the spooled corpus is named by its path on the node. */
public class DspamCorpusTrainingTaskDTO implements TaskDTO {

    public static TaskDTOModule<DspamCorpusTrainingTask, DspamCorpusTrainingTaskDTO> module(DspamBackend backend, Clock clock) {
        return DTOModule.forDomainObject(DspamCorpusTrainingTask.class)
            .convertToDTO(DspamCorpusTrainingTaskDTO.class)
            .toDomainObjectConverter(dto -> new DspamCorpusTrainingTask(backend, DspamUser.of(dto.dspamUser),
                TrainingClass.parse(dto.trainingClass), Path.of(dto.corpus), dto.maxMessageSize, clock))
            .toDTOConverter((task, type) -> new DspamCorpusTrainingTaskDTO(type, task.getUser().asString(),
                task.getTrainingClass().optionValue(), task.getCorpus().toString(), task.getMaxMessageSize()))
            .typeName(DspamCorpusTrainingTask.TASK_TYPE.asString())
            .withFactory(TaskDTOModule::new);
    }

    private final String type;
    private final String dspamUser;
    private final String trainingClass;
    private final String corpus;
    private final long maxMessageSize;

    public DspamCorpusTrainingTaskDTO(@JsonProperty("type") String type,
                                      @JsonProperty("dspamUser") String dspamUser,
                                      @JsonProperty("trainingClass") String trainingClass,
                                      @JsonProperty("corpus") String corpus,
                                      @JsonProperty("maxMessageSize") long maxMessageSize) {
        this.type = type;
        this.dspamUser = dspamUser;
        this.trainingClass = trainingClass;
        this.corpus = corpus;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public String getType() {
        return type;
    }

    public String getDspamUser() {
        return dspamUser;
    }

    public String getTrainingClass() {
        return trainingClass;
    }

    public String getCorpus() {
        return corpus;
    }

    public long getMaxMessageSize() {
        return maxMessageSize;
    }
}
