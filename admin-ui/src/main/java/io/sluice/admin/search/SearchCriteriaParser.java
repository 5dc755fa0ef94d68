package io.sluice.admin.search;

import io.sluice.admin.AdminProperties;
import io.sluice.common.event.Timestamps;
import io.sluice.common.query.QueryParseException;
import io.sluice.common.query.logql.LogQl;
import io.sluice.common.query.logql.LogSelectorExpr;
import java.time.Instant;

/**
 * Turns the raw {@code query}, {@code from}, {@code to} and {@code limit} request parameters into
 * {@link SearchCriteria}, applying the defaults ({@code {}}, the last
 * {@link AdminProperties#defaultRange()}, {@link AdminProperties#defaultLimit()}) and the limit cap
 * ({@link AdminProperties#maxLimit()}; the query engine refuses more than its own max-lines). Every mistake
 * becomes a {@link SearchInputException} with a message fit to show the user. Stateless.
 */
public final class SearchCriteriaParser {

    /** The query used when none is given: every stream of the tenant. */
    public static final String ALL_STREAMS = "{}";

    private final AdminProperties properties;
    private final int engineMaxLines;

    /** A parser applying the defaults and limits of {@code properties}. */
    public SearchCriteriaParser(AdminProperties properties) {
        this(properties, Integer.MAX_VALUE);
    }

    /** A parser whose limit cap is also at most {@code engineMaxLines}, the query engine's own largest limit. */
    public SearchCriteriaParser(AdminProperties properties, int engineMaxLines) {
        this.properties = properties;
        this.engineMaxLines = engineMaxLines;
    }

    /**
     * Validates the parameters; {@code null} or blank means "use the default".
     *
     * @param now the instant that {@code now} and the default range are relative to
     * @throws SearchInputException when a parameter is invalid
     */
    public SearchCriteria parse(String query, String from, String to, String limit, Instant now) {
        String queryText = isBlank(query) ? ALL_STREAMS : query;
        LogSelectorExpr parsed;
        try {
            parsed = LogQl.parseLogQuery(queryText);
        } catch (QueryParseException e) {
            throw new SearchInputException("query", e.getMessage(), e.column());
        }
        long toNanos = isBlank(to) ? Timestamps.toNanos(now) : time("to", to, now);
        long fromNanos = isBlank(from)
                ? toNanos - Math.min(properties.defaultRange().toNanos(), toNanos)
                : time("from", from, now);
        if (fromNanos > toNanos) {
            throw new SearchInputException("from", "'from' (" + from + ") is after 'to' (" + (isBlank(to) ? "now" : to) + ")", null);
        }
        return new SearchCriteria(queryText, parsed, fromNanos, toNanos, limit(limit));
    }

    private static long time(String name, String text, Instant now) {
        try {
            return RelativeTime.parseNanos(text, now);
        } catch (IllegalArgumentException e) {
            throw new SearchInputException(name, "invalid '" + name + "': " + e.getMessage(), null);
        }
    }

    private int limit(String text) {
        int max = Math.min(properties.maxLimit(), engineMaxLines);
        if (isBlank(text)) {
            return Math.min(properties.defaultLimit(), max);
        }
        String t = text.trim();
        int value;
        try {
            value = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > max) {
            throw new SearchInputException("limit", "invalid 'limit': must be a whole number from 1 to " + max
                    + ", got '" + (t.length() > 32 ? t.substring(0, 32) + "…" : t) + "'", null);
        }
        return value;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
