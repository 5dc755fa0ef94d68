package io.sluice.alert.notify;

import io.sluice.alert.firing.AlertFiring;
import io.sluice.alert.route.Alert;
import io.sluice.alert.rule.AlertRule;
import java.util.Map;

/**
 * The JSON body POSTed to a rule's webhook when it fires:
 * {@code {"status":"firing","rule":{id,name,kind,query,threshold,windowSeconds,severity},
 * "firing":{id,firedAt,observedCount,observedValue},"labels":{…},"annotations":{…},"tenant":…}}.
 *
 * @param status always {@code firing} for now
 * @param rule the rule that fired
 * @param firing the recorded firing
 * @param labels the alert's labels (as routing would see them)
 * @param annotations the alert's rendered annotations
 * @param tenant the rule's tenant
 */
public record WebhookPayload(String status, Rule rule, Firing firing, Map<String, String> labels, Map<String, String> annotations,
        String tenant) {

    /** The payload for {@code firing} of {@code rule}, which raised {@code alert}. */
    public static WebhookPayload of(AlertRule rule, AlertFiring firing, Alert alert) {
        return new WebhookPayload("firing",
                new Rule(rule.id(), rule.name(), rule.kind().wire(), rule.query(), firing.threshold(), firing.windowSeconds(), rule.severity().wire()),
                new Firing(firing.id(), firing.firedAt(), firing.observedCount(), firing.observedValue()),
                alert.labels(), alert.annotations(),
                rule.tenant());
    }

    /**
     * @param id rule id
     * @param name rule name
     * @param kind rule kind
     * @param query rule query
     * @param threshold threshold exceeded ({@code count} rules)
     * @param windowSeconds window length
     * @param severity rule severity
     */
    public record Rule(long id, String name, String kind, String query, long threshold, int windowSeconds, String severity) {
    }

    /**
     * @param id firing id (see {@code GET /api/v1/alert-firings})
     * @param firedAt epoch milliseconds
     * @param observedCount matching events in the window (the observed value rounded for other kinds)
     * @param observedValue the observed value (count, metric value, anomaly score)
     */
    public record Firing(long id, long firedAt, long observedCount, Double observedValue) {
    }
}
