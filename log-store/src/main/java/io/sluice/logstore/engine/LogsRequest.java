package io.sluice.logstore.engine;

/**
 * A log query to run.
 *
 * @param tenant whose events
 * @param query LogQL-style log query text, e.g. {@code {service="api"} |= "timeout" | json | latency_ms > 500}
 * @param fromNanos start of the range, inclusive
 * @param toNanos end of the range, exclusive
 * @param limit most lines returned
 * @param backward newest first when true (the default of Loki and of the console)
 * @param cursor where a previous page stopped ({@link LogsResult#nextCursor()}), or {@code null}
 */
public record LogsRequest(String tenant, String query, long fromNanos, long toNanos, int limit, boolean backward, String cursor) {
}
