package io.sluice.alert.rule;

import io.sluice.alert.RequestFields;
import io.sluice.common.query.LogQuery;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks a rule definition, fills its defaults and derives what analytics must count for it. Pure. */
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
        RuleKind kind = request.kind() == null ? RuleKind.COUNT : RuleKind.fromWire(request.kind());
        if (kind == null) {
            errors.put("kind", "must be count, metric, absence or anomaly");
            kind = RuleKind.COUNT;
        }
        String query = request.query() == null ? "" : request.query().trim();
        String matchQuery = null;
        long threshold = 0;
        int window = 0;
        switch (kind) {
            case COUNT -> {
                matchQuery = logQuery(query, errors);
                threshold = threshold(request.threshold(), errors);
                window = window(request.windowSeconds(), true, errors);
            }
            case ABSENCE -> {
                matchQuery = logQuery(query, errors);
                notUsed("threshold", request.threshold(), "absence rules fire when nothing matches for windowSeconds", errors);
                window = window(request.windowSeconds(), true, errors);
            }
            case METRIC -> {
                notUsed("threshold", request.threshold(), "write the comparison in query, e.g. rate(…[1m]) > 5", errors);
                notUsed("windowSeconds", request.windowSeconds(), "the ranges in query ([1m]) are the windows", errors);
                MetricCondition condition = metric(query, errors);
                if (condition != null) {
                    matchQuery = condition.matchQuery();
                    window = condition.windowSeconds();
                }
            }
            case ANOMALY -> {
                notUsed("query", query.isEmpty() ? null : query, "anomaly rules select findings with \"anomaly\": {types, service, series, templateId}", errors);
                notUsed("threshold", request.threshold(), "anomaly rules fire on each matching finding", errors);
                window = window(request.windowSeconds(), false, errors);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        if (kind != RuleKind.ANOMALY && request.anomaly() != null) {
            errors.put("anomaly", "is only for kind anomaly");
        }
        AnomalyFilter anomaly = kind == RuleKind.ANOMALY ? AlertFields.anomaly(request.anomaly(), errors) : null;
        int forSeconds = AlertFields.forSeconds(request.forDuration(), errors);
        Severity severity = AlertFields.severity(request.severity(), errors);
        Map<String, String> labels = AlertFields.labels(request.labels(), errors);
        Map<String, String> annotations = AlertFields.annotations(request.annotations(), errors);
        String webhookProblem = RequestFields.httpUrlProblem(request.webhookUrl());
        if (webhookProblem != null) {
            errors.put("webhookUrl", webhookProblem);
        }
        if (!errors.isEmpty()) {
            throw new RuleValidationException(errors);
        }
        return new RuleDraft(tenant, name, kind, query, matchQuery, threshold, window, forSeconds, severity, labels, annotations, anomaly,
                request.webhookUrl().trim(), request.enabled() == null || request.enabled());
    }

    private static String logQuery(String query, Map<String, String> errors) {
        if (query.isEmpty()) {
            errors.put("query", "must not be blank: a log query such as {level=\"ERROR\"}");
            return null;
        }
        try {
            LogQuery.parse(query);
            return query;
        } catch (IllegalArgumentException e) {
            errors.put("query", e.getMessage());
            return null;
        }
    }

    private static MetricCondition metric(String query, Map<String, String> errors) {
        if (query.isEmpty()) {
            errors.put("query", "must not be blank: a metric condition such as rate({service=\"api\"} |= \"error\" [1m]) > 5");
            return null;
        }
        try {
            return MetricCondition.parse(query);
        } catch (IllegalArgumentException e) {
            errors.put("query", e.getMessage());
            return null;
        }
    }

    private static long threshold(Long raw, Map<String, String> errors) {
        if (raw == null) {
            errors.put("threshold", "is required");
            return 0;
        }
        if (raw < 0) {
            errors.put("threshold", "must be at least 0");
        }
        return raw;
    }

    private static int window(Integer raw, boolean required, Map<String, String> errors) {
        if (raw == null) {
            if (required) {
                errors.put("windowSeconds", "is required");
            }
            return 0;
        }
        if (raw < 1 || raw > MAX_WINDOW_SECONDS) {
            errors.put("windowSeconds", "must be between 1 and " + MAX_WINDOW_SECONDS);
        }
        return raw;
    }

    private static void notUsed(String field, Object raw, String why, Map<String, String> errors) {
        if (raw != null) {
            errors.put(field, "is not used by this kind of rule: " + why);
        }
    }
}
