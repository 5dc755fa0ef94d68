package io.sluice.alert.rule;

/**
 * An alert rule: fire when more than {@code threshold} events of {@code tenant} match
 * {@code query} within the last {@code windowSeconds}. Also the JSON form of the rules API.
 *
 * @param id database id
 * @param tenant tenant whose events are matched
 * @param name a name people recognise
 * @param query LogQL-style log query
 * @param threshold the rule fires when the count exceeds this
 * @param windowSeconds length of the sliding window
 * @param webhookUrl where a firing is POSTed
 * @param enabled whether the rule is evaluated
 * @param state current state
 */
public record AlertRule(long id, String tenant, String name, String query, long threshold, int windowSeconds,
        String webhookUrl, boolean enabled, RuleState state) {
}
