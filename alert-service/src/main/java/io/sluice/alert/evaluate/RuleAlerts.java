package io.sluice.alert.evaluate;

import io.sluice.alert.rule.AlertRule;
import io.sluice.alert.route.Alert;
import java.util.Map;

/**
 * The alert a rule raises in routing: labels {@code alertname} (the rule's name), {@code rule_id}
 * and {@code tenant} — what routes, silences and inhibition rules match on — and annotations
 * describing the firing. One rule is one alert identity, so its firing and its resolution meet in
 * the same groups.
 */
final class RuleAlerts {

    private RuleAlerts() {
    }

    static Map<String, String> labels(AlertRule rule) {
        return Map.of("alertname", rule.name(), "rule_id", Long.toString(rule.id()), "tenant", rule.tenant());
    }

    static Alert firing(AlertRule rule, long observedCount, long firedAt) {
        return new Alert(labels(rule), Map.of(
                "summary", observedCount + " events matching " + rule.query() + " in " + rule.windowSeconds() + " s (threshold " + rule.threshold() + ")",
                "query", rule.query()), firedAt, null, (double) observedCount);
    }
}
