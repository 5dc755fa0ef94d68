package io.sluice.logstore.engine;

/**
 * A metric query to evaluate at {@code start}, {@code start + step}, … up to {@code end} inclusive;
 * an instant query has {@code start == end}.
 *
 * @param tenant whose events
 * @param query LogQL-style metric query, e.g. {@code sum by (level) (count_over_time({service="api"}[1m]))}
 * @param startNanos first evaluation time
 * @param endNanos last evaluation time
 * @param stepNanos distance between evaluation times, &gt; 0
 */
public record MetricRequest(String tenant, String query, long startNanos, long endNanos, long stepNanos) {
}
