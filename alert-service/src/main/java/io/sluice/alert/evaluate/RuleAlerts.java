package io.sluice.alert.evaluate;

import io.sluice.alert.rule.AlertRule;
import io.sluice.alert.rule.AnnotationTemplates;
import io.sluice.alert.route.Alert;
import io.sluice.alert.route.DurationText;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alert a rule raises in routing: labels {@code alertname} (the rule's name), {@code rule_id},
 * {@code tenant} and {@code severity} plus the rule's own labels — what routes, silences and
 * inhibition rules match on — and annotations: a default {@code summary} and {@code query}, then
 * the rule's annotation templates rendered with {@code value}, {@code rule}, {@code labels} and,
 * for anomalies, the finding ({@code explanation}, {@code expected}, {@code actual},
 * {@code samples}, …). One rule is one alert identity, so its firing and its resolution meet in
 * the same groups.
 */
final class RuleAlerts {

    private RuleAlerts() {
    }

    static Map<String, String> labels(AlertRule rule) {
        Map<String, String> labels = new HashMap<>(rule.labels());
        labels.put("alertname", rule.name());
        labels.put("rule_id", Long.toString(rule.id()));
        labels.put("tenant", rule.tenant());
        labels.put("severity", rule.severity().wire());
        return labels;
    }

    static Alert firing(AlertRule rule, Observation seen, long firedAt) {
        Map<String, String> labels = labels(rule);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary(rule, seen));
        if (!rule.query().isEmpty()) {
            annotations.put("query", rule.query());
        }
        Map<String, Object> model = model(rule, seen, labels);
        rule.annotations().forEach((name, template) -> annotations.put(name, AnnotationTemplates.render(template, model)));
        return new Alert(labels, annotations, firedAt, null, Double.isFinite(seen.value()) ? seen.value() : null);
    }

    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String summary(AlertRule rule, Observation seen) {
        return switch (rule.kind()) {
            case COUNT -> number(seen.value()) + " events matching " + rule.query() + " in " + rule.windowSeconds() + " s (threshold "
                    + rule.threshold() + ")";
            case METRIC -> rule.query() + " (value " + number(seen.value()) + ")";
            case ABSENCE -> "no events matching " + rule.query() + " for " + rule.windowSeconds() + " s";
            case ANOMALY -> seen.details().getOrDefault("type", "anomaly") + " on " + seen.details().getOrDefault("series", "?") + ": "
                    + seen.details().getOrDefault("explanation", "");
        };
    }

    private static Map<String, Object> model(AlertRule rule, Observation seen, Map<String, String> labels) {
        Map<String, Object> r = new HashMap<>();
        r.put("id", rule.id());
        r.put("name", rule.name());
        r.put("kind", rule.kind().wire());
        r.put("query", rule.query());
        r.put("threshold", rule.threshold());
        r.put("windowSeconds", rule.windowSeconds());
        r.put("for", DurationText.format(Duration.ofMillis(rule.forMillis())));
        r.put("severity", rule.severity().wire());
        r.put("tenant", rule.tenant());
        Map<String, Object> model = new HashMap<>();
        seen.details().forEach((k, v) -> model.put(k, v instanceof Double d ? number(d) : v));
        model.put("value", number(seen.value()));
        model.put("rule", r);
        model.put("labels", labels);
        return model;
    }
}
