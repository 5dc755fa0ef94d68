package io.sluice.pipeline.rules;

import java.util.List;
import java.util.Map;

/**
 * A rule as a client sends it (create, replace, or inside a test request); checked by
 * {@link RuleValidator}. Fields are those of {@link PipelineRule}; see {@link RuleParams} for the
 * action settings.
 */
public record RuleRequest(
        String name,
        Integer position,
        Boolean enabled,
        String match,
        String action,
        Long keepOneIn,
        Double rate,
        List<String> masks,
        String pattern,
        String replacement,
        Map<String, String> fields,
        String from,
        String to,
        String retentionClass) {
}
