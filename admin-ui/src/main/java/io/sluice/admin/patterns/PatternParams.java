package io.sluice.admin.patterns;

import io.sluice.admin.search.RelativeTime;
import io.sluice.logstore.template.PatternQuery;
import java.time.Instant;

/**
 * Turns the raw {@code service}, {@code from}, {@code to}, {@code limit} and {@code query} parameters into a
 * {@link PatternQuery}: times as the search API takes them (RFC 3339, epoch millis, {@code now-1h}); no
 * time means all time; limit 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. Stateless.
 */
final class PatternParams {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private PatternParams() {
    }

    static PatternQuery parse(String tenant, String service, String from, String to, String limit, String query, Instant now) {
        long fromNanos = blank(from) ? Long.MIN_VALUE : time("from", from, now);
        long toNanos = blank(to) ? Long.MAX_VALUE : time("to", to, now);
        if (fromNanos > toNanos) {
            throw new PatternInputException("'from' (" + from + ") is after 'to' (" + to + ")");
        }
        return new PatternQuery(tenant, blank(service) ? null : service.trim(), fromNanos, toNanos, blank(query) ? null : query,
                limit(limit));
    }

    static long id(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new PatternInputException("invalid template id: must be a decimal number, got '" + abbreviate(text) + "'");
        }
    }

    private static long time(String name, String text, Instant now) {
        try {
            return RelativeTime.parseNanos(text, now);
        } catch (IllegalArgumentException e) {
            throw new PatternInputException("invalid '" + name + "': " + e.getMessage());
        }
    }

    private static int limit(String text) {
        if (blank(text)) {
            return DEFAULT_LIMIT;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw new PatternInputException("invalid 'limit': must be a whole number from 1 to " + MAX_LIMIT + ", got '" + abbreviate(text) + "'");
        }
        return value;
    }

    private static String abbreviate(String s) {
        String t = s.trim();
        return t.length() > 32 ? t.substring(0, 32) + "…" : t;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
