package io.sluice.admin.overview;

import java.util.List;
import java.util.Map;

/**
 * Analytics' answer to {@code GET /api/v1/stats}: event counts per minute by level and service.
 * Missing collections read as empty, so a partial answer still renders.
 *
 * @param from start of the window, epoch milliseconds, inclusive
 * @param to end of the window, epoch milliseconds, exclusive
 * @param stepMillis bucket width in milliseconds
 * @param buckets one entry per bucket that has events (or every bucket), oldest first
 * @param totals sums over the whole window
 */
public record StatsSnapshot(long from, long to, long stepMillis, List<Bucket> buckets, Totals totals) {

    public StatsSnapshot {
        buckets = buckets == null ? List.of() : List.copyOf(buckets);
        totals = totals == null ? new Totals(0, Map.of(), Map.of()) : totals;
    }

    /**
     * Counts of one bucket.
     *
     * @param start bucket start, epoch milliseconds
     * @param total events in the bucket
     * @param levels events per level
     * @param services events per service
     */
    public record Bucket(long start, long total, Map<String, Long> levels, Map<String, Long> services) {

        public Bucket {
            levels = levels == null ? Map.of() : Map.copyOf(levels);
            services = services == null ? Map.of() : Map.copyOf(services);
        }
    }

    /**
     * Counts of the whole window.
     *
     * @param events all events
     * @param levels events per level
     * @param services events per service
     */
    public record Totals(long events, Map<String, Long> levels, Map<String, Long> services) {

        public Totals {
            levels = levels == null ? Map.of() : Map.copyOf(levels);
            services = services == null ? Map.of() : Map.copyOf(services);
        }
    }
}
