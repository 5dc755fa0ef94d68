package io.sluice.analytics.window;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/windows}: one bucket per window of the range (empty ones included),
 * ascending.
 *
 * @param tenant whose statistics
 * @param window width of every bucket ({@code 10s}, {@code 1m}, {@code 5m} or {@code 1h})
 * @param stepMillis 0 for tumbling windows, else the distance between the starts of sliding windows
 * @param from start of the requested range, epoch ms
 * @param to end of the requested range, epoch ms
 * @param buckets the windows
 * @param lateDropped events of the tenant dropped as later than the allowed lateness (running count, all services)
 */
public record WindowView(String tenant, String window, long stepMillis, long from, long to, List<Bucket> buckets, long lateDropped) {

    /**
     * Statistics of one window.
     *
     * @param start window start, epoch ms (inclusive)
     * @param end window end, epoch ms (exclusive)
     * @param events events counted
     * @param bytes UTF-8 bytes of their messages
     * @param errors ERROR and FATAL events
     * @param errorRatio {@code errors / events}, 0 without events
     * @param levels events per level, in severity order
     * @param services events per service, alphabetically
     * @param quantiles per numeric field seen: count, p50, p90, p99, max
     */
    public record Bucket(long start, long end, long events, long bytes, long errors, double errorRatio, Map<String, Long> levels,
            Map<String, Long> services, Map<String, HistogramBuckets.Quantiles> quantiles) {
    }
}
