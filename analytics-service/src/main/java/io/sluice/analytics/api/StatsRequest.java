package io.sluice.analytics.api;

import io.sluice.common.event.Timestamps;
import java.time.Duration;

/**
 * The validated parameters of {@code GET /api/v1/stats}: a time range of at most
 * {@link #MAX_RANGE} (default: the last hour) and a tenant (default {@code default}).
 *
 * @param tenant whose statistics
 * @param from range start, epoch milliseconds
 * @param to range end (exclusive), epoch milliseconds
 */
record StatsRequest(String tenant, long from, long to) {

    /** The longest range one request may ask for (one bucket per minute: 10,080 buckets). */
    static final Duration MAX_RANGE = Duration.ofDays(7);

    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    /**
     * Parses the query parameters ({@code null} when absent) at time {@code nowMillis}.
     *
     * @throws IllegalArgumentException with a message naming the offending parameter
     */
    static StatsRequest parse(String fromText, String toText, String tenantText, long nowMillis) {
        long to = toText == null ? nowMillis : millis("to", toText);
        long from = fromText == null ? to - DEFAULT_RANGE.toMillis() : millis("from", fromText);
        if (from >= to) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (to - from > MAX_RANGE.toMillis()) {
            throw new IllegalArgumentException("the range from " + from + " to " + to + " is longer than " + MAX_RANGE.toDays() + " days");
        }
        String tenant = tenantText == null ? "default" : tenantText.trim();
        if (tenant.isEmpty() || tenant.length() > 64 || tenant.chars().anyMatch(c -> Character.isWhitespace(c) || c == ':')) {
            throw new IllegalArgumentException("tenant must be 1 to 64 characters without spaces or ':'");
        }
        return new StatsRequest(tenant, from, to);
    }

    /** {@code text} (RFC 3339 or epoch ms) as epoch ms; errors name the parameter {@code name}. */
    static long millis(String name, String text) {
        try {
            return Math.floorDiv(Timestamps.parseNanos(text), 1_000_000L);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is out of range");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage());
        }
    }
}
