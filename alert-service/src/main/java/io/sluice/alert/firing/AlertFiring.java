package io.sluice.alert.firing;

/**
 * One firing of a rule: the transition OK → FIRING, with what was observed and what became of
 * its notification. Also the JSON form of {@code GET /api/v1/alert-firings}.
 *
 * @param id database id
 * @param ruleId the rule that fired
 * @param tenant the rule's tenant
 * @param firedAt epoch milliseconds of the transition
 * @param observedCount matching events in the window when it fired
 * @param threshold the rule's threshold at that time
 * @param windowSeconds the rule's window at that time
 * @param notifyStatus state of the webhook notification
 * @param notifyAttempts webhook POSTs made so far
 * @param notifyError the last error when the notification failed, else null
 * @param notifiedAt epoch milliseconds of the successful POST, else null
 */
public record AlertFiring(long id, long ruleId, String tenant, long firedAt, long observedCount, long threshold,
        int windowSeconds, NotifyStatus notifyStatus, int notifyAttempts, String notifyError, Long notifiedAt) {
}
