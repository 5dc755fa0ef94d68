package io.sluice.alert.rule;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The JSON body of {@code POST} and {@code PUT /api/v1/alert-rules}, as received: every field may
 * be missing ({@code null}) until {@link RuleValidator} has checked it.
 *
 * @param tenant the API key's tenant, which it may name (another tenant: 403)
 * @param name required
 * @param kind {@code count} (default), {@code metric}, {@code absence} or {@code anomaly}
 * @param query required except for {@code anomaly}: a log query, or a metric condition for {@code metric}
 * @param threshold {@code count} only, required, at least 0
 * @param windowSeconds {@code count} and {@code absence}: required, 1 to 86,400; {@code anomaly}: optional quiet period
 * @param forDuration {@code for}: how long the condition must hold before firing, default {@code 0s}
 * @param severity {@code critical}, {@code warning} (default) or {@code info}
 * @param labels extra alert labels
 * @param annotations alert annotations, Mustache templates
 * @param anomaly {@code anomaly} only: the finding filter
 * @param webhookUrl required, absolute http(s) URL
 * @param enabled defaults to true
 */
public record RuleRequest(String tenant, String name, String kind, String query, Long threshold, Integer windowSeconds,
        @JsonProperty("for") String forDuration, String severity, Map<String, String> labels, Map<String, String> annotations,
        AnomalyFilter anomaly, String webhookUrl, Boolean enabled) {

    /** This request for {@code tenant} (the API key's), whatever it named. */
    public RuleRequest withTenant(String tenant) {
        return new RuleRequest(tenant, name, kind, query, threshold, windowSeconds, forDuration, severity, labels, annotations,
                anomaly, webhookUrl, enabled);
    }
}
