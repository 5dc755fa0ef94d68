package io.sluice.alert.firing;

/**
 * One firing of a rule: its transition to FIRING, with what was observed and what became of
 * its notification. Also the JSON form of {@code GET /api/v1/alert-firings}.
 *
 * @param id database id
 * @param ruleId the rule that fired
 * @param tenant the rule's tenant
 * @param firedAt epoch milliseconds of the transition
 * @param observedCount matching events in the window when it fired (the observed value rounded, for other kinds)
 * @param observedValue the observed value: the count, the metric's value, 0 for an absence, the anomaly's score
 * @param threshold the rule's threshold at that time
 * @param windowSeconds the rule's window at that time
 * @param notifyStatus state of the webhook notification
 * @param notifyAttempts webhook POSTs made so far
 * @param notifyError the last error when the notification failed, else null
 * @param notifiedAt epoch milliseconds of the successful POST, else null
 */
public record AlertFiring(long id, long ruleId, String tenant, long firedAt, long observedCount, Double observedValue, long threshold,
        int windowSeconds, NotifyStatus notifyStatus, int notifyAttempts, String notifyError, Long notifiedAt) {
}
