package io.sluice.alert.notify;

import io.sluice.alert.firing.AlertFiring;
import io.sluice.alert.rule.AlertRule;

/**
 * The JSON body POSTed to a rule's webhook when it fires:
 * {@code {"status":"firing","rule":{id,name,query,threshold,windowSeconds},"firing":{id,firedAt,observedCount},"tenant":…}}.
 *
 * @param status always {@code firing} for now
 * @param rule the rule that fired
 * @param firing the recorded firing
 * @param tenant the rule's tenant
 */
public record WebhookPayload(String status, Rule rule, Firing firing, String tenant) {

    /** The payload for {@code firing} of {@code rule}. */
    public static WebhookPayload of(AlertRule rule, AlertFiring firing) {
        return new WebhookPayload("firing",
                new Rule(rule.id(), rule.name(), rule.query(), firing.threshold(), firing.windowSeconds()),
                new Firing(firing.id(), firing.firedAt(), firing.observedCount()),
                rule.tenant());
    }

    /**
     * @param id rule id
     * @param name rule name
     * @param query rule query
     * @param threshold threshold exceeded
     * @param windowSeconds window length
     */
    public record Rule(long id, String name, String query, long threshold, int windowSeconds) {
    }

    /**
     * @param id firing id (see {@code GET /api/v1/alert-firings})
     * @param firedAt epoch milliseconds
     * @param observedCount matching events in the window
     */
    public record Firing(long id, long firedAt, long observedCount) {
    }
}
