package io.jamesdspam.benchmarks.report;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One benchmark result of a JMH JSON result file ({@code -rf json}). */
final class JmhResult {
    /** Named with a leading "·" before JMH 1.36, without it since. */
    private static final String ALLOCATION_PER_OPERATION = "gc.alloc.rate.norm";

    final String className;
    final String method;
    final Map<String, String> params;
    final double score;
    final double error;
    final String unit;
    final OptionalDouble bytesPerOperation;

    private JmhResult(String benchmark, Map<String, String> params, double score, double error, String unit,
                      OptionalDouble bytesPerOperation) {
        int dot = benchmark.lastIndexOf('.');
        this.className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
        this.method = benchmark.substring(dot + 1);
        this.params = params;
        this.score = score;
        this.error = error;
        this.unit = unit;
        this.bytesPerOperation = bytesPerOperation;
    }

    static List<JmhResult> read(File file) throws IOException {
        List<JmhResult> results = new ArrayList<>();
        if (!file.exists()) {
            return results;
        }
        for (JsonNode node : new ObjectMapper().readTree(file)) {
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode paramsNode = node.path("params");
            for (Iterator<Map.Entry<String, JsonNode>> it = paramsNode.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                params.put(entry.getKey(), entry.getValue().asText());
            }
            JsonNode primary = node.path("primaryMetric");
            JsonNode secondary = node.path("secondaryMetrics");
            JsonNode allocation = secondary.has(ALLOCATION_PER_OPERATION) ? secondary.path(ALLOCATION_PER_OPERATION)
                : secondary.path("·" + ALLOCATION_PER_OPERATION);
            results.add(new JmhResult(node.path("benchmark").asText(), params, primary.path("score").asDouble(),
                primary.path("scoreError").asDouble(), primary.path("scoreUnit").asText(),
                allocation.isMissingNode() ? OptionalDouble.empty() : OptionalDouble.of(allocation.path("score").asDouble())));
        }
        return results;
    }

    String param(String name) {
        return params.getOrDefault(name, "");
    }

    String label() {
        return params.isEmpty() ? method : method + params;
    }
}
