package io.sluice.analytics.match;

import io.sluice.common.query.LogQuery;

/**
 * An alert rule's query, parsed once and ready to match events.
 *
 * @param ruleId the rule's id in alert-service
 * @param tenant only events of this tenant can match
 * @param query the parsed query
 */
public record CompiledRule(long ruleId, String tenant, LogQuery query) {
}
