package io.sluice.alert.intake;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One rule's one-second match buckets read at {@code nowMillis}, so that a condition reading
 * several ranges ({@code rate(…[1m]) / rate(…[5m])}) sums all of them from one read of Redis.
 *
 * @param nowMillis the end of every window
 * @param buckets bucket start (epoch millis) → matches
 */
public record BucketWindow(long nowMillis, NavigableMap<Long, Long> buckets) {

    public BucketWindow {
        buckets = new TreeMap<>(buckets);
    }

    /** Matches in buckets starting in ({@code nowMillis - windowMillis}, {@code nowMillis}]. */
    public long sum(long windowMillis) {
        long total = 0;
        for (long n : buckets.subMap(nowMillis - windowMillis, false, nowMillis, true).values()) {
            total += n;
        }
        return total;
    }
}
