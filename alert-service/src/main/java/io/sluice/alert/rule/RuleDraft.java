package io.sluice.alert.rule;

/**
 * A validated rule definition as a user wrote it (no id, no state yet).
 *
 * @param tenant tenant whose events are matched
 * @param name a name people recognise
 * @param query LogQL-style query that parses
 * @param threshold at least 0
 * @param windowSeconds 1 to 86,400
 * @param webhookUrl absolute http(s) URL
 * @param enabled whether the rule is evaluated
 */
public record RuleDraft(String tenant, String name, String query, long threshold, int windowSeconds, String webhookUrl,
        boolean enabled) {
}
