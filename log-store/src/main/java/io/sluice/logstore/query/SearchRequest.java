package io.sluice.logstore.query;

import io.sluice.common.query.LogQuery;
import java.util.Objects;

/**
 * One archive search: the events of {@code tenant} selected by {@code query} whose time lies in
 * {@code [fromNanos, toNanos)}, at most {@code limit} of them (newest first).
 *
 * @param tenant the tenant whose events are searched
 * @param query the parsed query (stream selector and line filters)
 * @param fromNanos start of the time range, inclusive, nanoseconds since the epoch
 * @param toNanos end of the time range, exclusive, nanoseconds since the epoch
 * @param limit most events returned, 0 to {@value #MAX_LIMIT} (0 only counts)
 */
public record SearchRequest(String tenant, LogQuery query, long fromNanos, long toNanos, int limit) {

    /** The largest {@code limit} accepted. */
    public static final int MAX_LIMIT = 10_000;

    public SearchRequest {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(query, "query");
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 0 and " + MAX_LIMIT + ", was " + limit);
        }
    }
}
