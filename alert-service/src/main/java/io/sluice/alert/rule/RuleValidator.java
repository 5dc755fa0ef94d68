package io.sluice.alert.rule;

import io.sluice.alert.RequestFields;
import io.sluice.common.query.LogQuery;
import io.sluice.common.query.QueryParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks a rule definition and fills its defaults. Pure. */
public final class RuleValidator {

    /** Longest window a rule may have (one day), also bounding how long match buckets are kept. */
    public static final int MAX_WINDOW_SECONDS = 86_400;

    private RuleValidator() {
    }

    /**
     * The validated draft of {@code request}.
     *
     * @throws RuleValidationException naming every invalid field
     */
    public static RuleDraft validate(RuleRequest request) {
        if (request == null) {
            throw new RuleValidationException(Map.of("body", "a JSON object with name, query, threshold, windowSeconds and webhookUrl is required"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String tenant = RequestFields.tenant(request.tenant(), errors);
        String name = RequestFields.name(request.name(), errors);
        if (request.query() == null || request.query().isBlank()) {
            errors.put("query", "must not be blank: a log query such as {level=\"ERROR\"}");
        } else {
            try {
                LogQuery.parse(request.query());
            } catch (QueryParseException e) {
                errors.put("query", e.getMessage());
            }
        }
        if (request.threshold() == null) {
            errors.put("threshold", "is required");
        } else if (request.threshold() < 0) {
            errors.put("threshold", "must be at least 0");
        }
        if (request.windowSeconds() == null) {
            errors.put("windowSeconds", "is required");
        } else if (request.windowSeconds() < 1 || request.windowSeconds() > MAX_WINDOW_SECONDS) {
            errors.put("windowSeconds", "must be between 1 and " + MAX_WINDOW_SECONDS);
        }
        String webhookProblem = RequestFields.httpUrlProblem(request.webhookUrl());
        if (webhookProblem != null) {
            errors.put("webhookUrl", webhookProblem);
        }
        if (!errors.isEmpty()) {
            throw new RuleValidationException(errors);
        }
        return new RuleDraft(tenant, name, request.query(), request.threshold(), request.windowSeconds(), request.webhookUrl().trim(),
                request.enabled() == null || request.enabled());
    }
}
