package io.sluice.admin.search;

import io.sluice.common.query.logql.LogSelectorExpr;

/**
 * A validated search: the parsed query and the resolved time range and limit.
 *
 * @param queryText the query as the user wrote it
 * @param query the parsed query
 * @param fromNanos start of the range in epoch nanoseconds, inclusive
 * @param toNanos end of the range in epoch nanoseconds, exclusive
 * @param limit the most events to return
 */
public record SearchCriteria(String queryText, LogSelectorExpr query, long fromNanos, long toNanos, int limit) {
}
