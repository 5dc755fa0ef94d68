package io.sluice.logstore.engine;

import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Answers LogQL-style queries for one tenant over the hot tier (Redis) and the archive (MySQL
 * chunks, every shard), planned so that most chunks are pruned by their index rows. Every query
 * runs under a timeout and a memory bound. Query text errors are {@code QueryParseException}s
 * (with the column); a query over its time budget fails with {@code SearchTimeoutException}, one
 * over its memory bound with {@link QueryLimitException}. Used by admin-ui's HTTP APIs (the Sluice
 * search API and the Loki-compatible API) and by alerting.
 */
public interface LogQueryEngine {

    /** Lines matching a log query, newest first unless {@code request.backward()} is false. */
    Mono<LogsResult> logs(LogsRequest request);

    /** A metric query ({@code count_over_time}, {@code rate}, …) evaluated at each step of a range. */
    Mono<MetricResult> metric(MetricRequest request);

    /** Label names present in the tenant's streams overlapping the range. */
    Mono<List<String>> labels(String tenant, long fromNanos, long toNanos);

    /** Values of {@code label} in the tenant's streams overlapping the range. */
    Mono<List<String>> labelValues(String tenant, String label, long fromNanos, long toNanos);

    /** Label sets of the tenant's streams matching any of the stream selectors {@code match}. */
    Mono<List<Map<String, String>>> series(String tenant, List<String> match, long fromNanos, long toNanos);
}
