package io.sluice.analytics.window;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * HdrHistogram's bucketing, used to keep histograms mergeable in Redis: a value is stored as the
 * lowest value of its HdrHistogram bucket (values in one bucket differ by less than
 * 10<sup>-digits</sup> relatively), so a histogram is a sparse hash of bucket → count that one Lua
 * script can increment atomically with the entry's done-marker, and any number of windows merge by
 * adding counts. Quantiles are then computed by a real {@link Histogram} rebuilt from the counts.
 * Thread-safe: the shared histogram is only used for its (pure) bucket arithmetic.
 */
public final class HistogramBuckets {

    private final int significantDigits;
    private final Histogram shape;

    /** Buckets of an auto-resizing HdrHistogram with {@code significantDigits} (1 to 3). */
    public HistogramBuckets(int significantDigits) {
        this.significantDigits = significantDigits;
        this.shape = new Histogram(significantDigits);
    }

    /** The bucket of {@code value} (at least 0): the lowest value HdrHistogram treats as equivalent. */
    public long bucketOf(long value) {
        return shape.lowestEquivalentValue(value);
    }

    /** p50, p90, p99 and max of the values counted per bucket in {@code counts}; {@code null} when there are none. */
    public Quantiles quantiles(Map<Long, Long> counts) {
        Histogram h = new Histogram(significantDigits);
        counts.forEach((bucket, n) -> {
            if (n > 0) {
                h.recordValueWithCount(bucket, n);
            }
        });
        if (h.getTotalCount() == 0) {
            return null;
        }
        return new Quantiles(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90), h.getValueAtPercentile(99),
                h.getMaxValue());
    }

    /**
     * Quantiles of one numeric field over a window, each within the histogram's precision of the exact
     * value (HdrHistogram reports the highest value equivalent to the one at that rank).
     *
     * @param count values counted
     * @param p50 median
     * @param p90 90th percentile
     * @param p99 99th percentile
     * @param max largest value
     */
    public record Quantiles(long count, long p50, long p90, long p99, long max) {
    }
}
