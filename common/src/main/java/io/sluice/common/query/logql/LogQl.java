package io.sluice.common.query.logql;

import io.sluice.common.query.QueryParseException;

/**
 * Entry point of the LogQL subset Sluice answers (see the README's "Query language"): parse a
 * query once, then compile its log part with {@link LinePipeline} and evaluate metric queries with
 * {@link MetricEvaluator}. Pure: no I/O, no shared mutable state.
 */
public final class LogQl {

    /** Longest query accepted, in characters. */
    public static final int MAX_QUERY_LENGTH = 16 * 1024;

    /** Deepest nesting of parentheses, aggregations and label-filter groups accepted. */
    public static final int MAX_DEPTH = 32;

    private LogQl() {
    }

    /**
     * Parses {@code query}.
     *
     * @throws QueryParseException naming the problem and its 1-based column
     */
    public static LogQlExpr parse(String query) {
        String q = query == null ? "" : query;
        if (q.length() > MAX_QUERY_LENGTH) {
            throw new QueryParseException("query longer than " + MAX_QUERY_LENGTH + " characters", MAX_QUERY_LENGTH + 1);
        }
        return new Parser(Lexer.tokens(q)).parse();
    }

    /**
     * Parses {@code query}, which must be a log query.
     *
     * @throws QueryParseException when it does not parse or is a metric query
     */
    public static LogSelectorExpr parseLogQuery(String query) {
        LogQlExpr e = parse(query);
        if (e instanceof LogSelectorExpr s) {
            return s;
        }
        throw new QueryParseException("expected a log query such as {service=\"api\"} |= \"error\","
                + " not a metric query", 1);
    }

    /**
     * Parses {@code query}, which must be a metric query.
     *
     * @throws QueryParseException when it does not parse or is a log query
     */
    public static MetricExpr parseMetricQuery(String query) {
        LogQlExpr e = parse(query);
        if (e instanceof MetricExpr m) {
            return m;
        }
        throw new QueryParseException("expected a metric query such as rate({service=\"api\"}[5m]),"
                + " not a log query", 1);
    }
}
