package io.sluice.alert.rule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.alert.route.DurationText;
import java.util.Map;

/**
 * An alert rule of {@code tenant}: a condition of its {@link RuleKind} that must hold for
 * {@code for} before the rule fires, and what its alert carries. Also the JSON form of the rules
 * API.
 *
 * @param id database id
 * @param tenant tenant whose events are matched
 * @param name a name people recognise (the alert's {@code alertname})
 * @param kind what the rule watches
 * @param query the log query ({@code count}, {@code absence}), the metric condition ({@code metric}), or empty ({@code anomaly})
 * @param threshold {@code count}: the rule fires when the count exceeds this; 0 for other kinds
 * @param windowSeconds {@code count}, {@code absence}: the sliding window; {@code metric}: its longest
 *     range; {@code anomaly}: the quiet period after which it resolves (0: the configured default)
 * @param forDuration how long the condition must hold before FIRING, e.g. {@code 0s}, {@code 5m}
 * @param severity becomes the alert's {@code severity} label
 * @param labels added to the alert's labels
 * @param annotations Mustache templates of the alert's annotations
 * @param anomaly {@code anomaly}: which findings count; null for other kinds
 * @param webhookUrl where a firing is POSTed when the tenant does not route alerts
 * @param enabled whether the rule is evaluated
 * @param state current state
 * @param stateChangedAt epoch milliseconds of the last state change (PENDING: since when the condition holds)
 * @param definedAt epoch milliseconds of the last change of the definition (an absence rule observes a full window from then)
 */
public record AlertRule(long id, String tenant, String name, RuleKind kind, String query, long threshold, int windowSeconds,
        @JsonProperty("for") String forDuration, Severity severity, Map<String, String> labels, Map<String, String> annotations,
        AnomalyFilter anomaly, String webhookUrl, boolean enabled, RuleState state, long stateChangedAt, long definedAt) {

    public AlertRule {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** {@code for} in milliseconds. */
    @JsonIgnore
    public long forMillis() {
        return forDuration == null ? 0 : DurationText.parse(forDuration).toMillis();
    }
}
