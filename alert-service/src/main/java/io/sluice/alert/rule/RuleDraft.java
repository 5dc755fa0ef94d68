package io.sluice.alert.rule;

import java.util.Map;

/**
 * A validated rule definition as a user wrote it (no id, no state yet), with what is derived from it.
 *
 * @param tenant tenant whose events are matched
 * @param name a name people recognise
 * @param kind what the rule watches
 * @param query the query as written (empty for {@code anomaly})
 * @param matchQuery the log query analytics counts matches of for this rule, or null ({@code anomaly})
 * @param threshold {@code count}: at least 0; else 0
 * @param windowSeconds see {@link AlertRule#windowSeconds()}
 * @param forSeconds 0 to 86,400
 * @param severity the alert's severity
 * @param labels extra alert labels
 * @param annotations alert annotation templates, each compiles
 * @param anomaly {@code anomaly}: the finding filter, else null
 * @param webhookUrl absolute http(s) URL
 * @param enabled whether the rule is evaluated
 */
public record RuleDraft(String tenant, String name, RuleKind kind, String query, String matchQuery, long threshold, int windowSeconds,
        int forSeconds, Severity severity, Map<String, String> labels, Map<String, String> annotations, AnomalyFilter anomaly,
        String webhookUrl, boolean enabled) {
}
