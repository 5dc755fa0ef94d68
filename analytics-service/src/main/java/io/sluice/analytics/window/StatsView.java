package io.sluice.analytics.window;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/stats}: one bucket per minute of the range (zero buckets
 * included), ascending, and the totals over all of them.
 *
 * @param from start of the requested range, epoch milliseconds
 * @param to end of the requested range, epoch milliseconds
 * @param stepMillis bucket width (one minute)
 * @param buckets the per-minute counts
 * @param totals the sums over all buckets
 */
public record StatsView(long from, long to, long stepMillis, List<Bucket> buckets, Totals totals) {

    /**
     * Counts of one minute.
     *
     * @param start epoch milliseconds of the minute start
     * @param total events in the minute
     * @param levels events per level
     * @param services events per service
     */
    public record Bucket(long start, long total, Map<String, Long> levels, Map<String, Long> services) {
    }

    /**
     * Counts over the whole range.
     *
     * @param events events in the range
     * @param levels events per level
     * @param services events per service
     */
    public record Totals(long events, Map<String, Long> levels, Map<String, Long> services) {
    }
}
