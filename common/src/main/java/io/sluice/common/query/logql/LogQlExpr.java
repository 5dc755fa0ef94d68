package io.sluice.common.query.logql;

/**
 * A parsed LogQL query: either a log query (a stream selector and its pipeline, answering lines) or
 * a metric query (answering series of numbers). Immutable and safe to share between threads.
 * Obtain one with {@link LogQl#parse(String)}.
 */
public sealed interface LogQlExpr permits LogSelectorExpr, MetricExpr {
}
