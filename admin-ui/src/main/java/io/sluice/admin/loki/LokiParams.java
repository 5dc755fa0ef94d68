package io.sluice.admin.loki;

import java.util.List;
import org.springframework.util.MultiValueMap;

/**
 * Reads the parameters of Loki API requests (query string and, for POST, the form body) the way
 * Loki does: {@code start}/{@code end}/{@code since} bounds defaulting to the last hour,
 * {@code step} defaulting to a 250th of the range, {@code limit} defaulting to 100 and capped at
 * the configured maximum, {@code direction} {@code backward} (newest first) unless {@code forward}.
 * Every problem is a {@link LokiInputException}.
 */
final class LokiParams {

    /** Loki's cap on points per series ({@code exceeded maximum resolution of 11,000 points}). */
    static final long MAX_POINTS = 11_000;

    private final MultiValueMap<String, String> values;
    private final long nowNanos;

    /** The parameters {@code values} of a request received at {@code nowNanos}. */
    LokiParams(MultiValueMap<String, String> values, long nowNanos) {
        this.values = values;
        this.nowNanos = nowNanos;
    }

    /** The range of {@code query_range}, {@code labels}, {@code label/…/values} and {@code series}. */
    Range range(long defaultSinceNanos) {
        long since = blank(value("since")) ? defaultSinceNanos : LokiTime.duration("since", value("since"));
        long end = LokiTime.timestamp("end", value("end"), nowNanos);
        long endOrNow = Math.min(end, nowNanos);
        long start = LokiTime.timestamp("start", value("start"), endOrNow - since);
        if (end < start) {
            throw new LokiInputException("end timestamp must not be before or equal to start time");
        }
        return new Range(start, end);
    }

    /** A {@code query_range} request. */
    RangeQuery rangeQuery(long defaultSinceNanos, int maxLimit) {
        String query = query();
        Range range = range(defaultSinceNanos);
        long step = blank(value("step"))
                ? LokiTime.defaultStep(range.startNanos(), range.endNanos())
                : LokiTime.secondsOrDuration("step", value("step"));
        if (step <= 0) {
            throw new LokiInputException("zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((range.endNanos() - range.startNanos()) / step > MAX_POINTS) {
            throw new LokiInputException("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        return new RangeQuery(query, range.startNanos(), range.endNanos(), step, limit(maxLimit), backward());
    }

    /** An instant {@code query} request, evaluated at {@code time} (default now). */
    InstantQuery instantQuery(int maxLimit) {
        String query = query();
        long time = LokiTime.timestamp("time", value("time"), nowNanos);
        return new InstantQuery(query, time, limit(maxLimit), backward());
    }

    /** The {@code query} parameter, which must be present. */
    String query() {
        String query = value("query");
        if (blank(query)) {
            throw new LokiInputException("query parameter is required");
        }
        return query;
    }

    /** An optional parameter's first value, or null. */
    String value(String name) {
        return values.getFirst(name);
    }

    /** Every value of a repeated parameter (e.g. {@code match[]}), blanks left out. */
    List<String> all(String name) {
        List<String> all = values.get(name);
        return all == null ? List.of() : all.stream().filter(v -> !blank(v)).toList();
    }

    private int limit(int maxLimit) {
        String text = value("limit");
        if (blank(text)) {
            return Math.min(100, maxLimit);
        }
        long limit;
        try {
            limit = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new LokiInputException("invalid parameter \"limit\": cannot parse \"" + abbreviate(text.strip()) + "\" as an integer");
        }
        if (limit <= 0) {
            throw new LokiInputException("limit must be a positive value");
        }
        if (limit > maxLimit) {
            throw new LokiInputException("max entries limit per query exceeded, limit > max_entries_limit (" + limit + " > " + maxLimit + ")");
        }
        return (int) limit;
    }

    private boolean backward() {
        String text = value("direction");
        if (blank(text) || text.strip().equalsIgnoreCase("backward")) {
            return true;
        }
        if (text.strip().equalsIgnoreCase("forward")) {
            return false;
        }
        throw new LokiInputException("invalid parameter \"direction\": \"" + abbreviate(text.strip()) + "\" is neither forward nor backward");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }

    /** A time range, both ends inclusive as Loki treats them. */
    record Range(long startNanos, long endNanos) {
    }

    /** A parsed {@code query_range} request. */
    record RangeQuery(String query, long startNanos, long endNanos, long stepNanos, int limit, boolean backward) {
    }

    /** A parsed instant {@code query} request. */
    record InstantQuery(String query, long timeNanos, int limit, boolean backward) {
    }
}
