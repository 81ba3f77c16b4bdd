package io.jamesdspam.engine.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.jamesdspam.engine.explain.Explanation;

/** An {@link Explanation} as JSON, through its getters: what a WebAdmin route would answer. */
final class ExplanationJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExplanationJson() {
    }

    static String of(Explanation explanation) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(explanation);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an explanation could not be written as JSON", e);
        }
    }
}
