package io.sluice.common.query.logql;

import java.util.Arrays;

/**
 * The evaluation times {@code start, start + step, … ≤ end} of a range query and, for one range and
 * offset, the window {@code (t - offset - range, t - offset]} of each. The windows are cut into
 * elementary buckets at every window edge, so each sample lands in exactly one bucket and each
 * window is a run of consecutive buckets: accumulating per bucket keeps memory proportional to the
 * number of steps, not of samples, whatever the overlap of range and step.
 */
final class StepWindows {

    private final long[] times;
    private final long[] edges;
    private final int[] firstBucket;
    private final int[] lastBucket;

    StepWindows(long[] times, long rangeNanos, long offsetNanos) {
        this.times = times;
        long[] all = new long[times.length * 2];
        for (int i = 0; i < times.length; i++) {
            all[2 * i] = times[i] - offsetNanos;
            all[2 * i + 1] = times[i] - offsetNanos - rangeNanos;
        }
        Arrays.sort(all);
        int n = 0;
        for (long e : all) {
            if (n == 0 || all[n - 1] != e) {
                all[n++] = e;
            }
        }
        edges = Arrays.copyOf(all, n);
        firstBucket = new int[times.length];
        lastBucket = new int[times.length];
        for (int i = 0; i < times.length; i++) {
            firstBucket[i] = Arrays.binarySearch(edges, times[i] - offsetNanos - rangeNanos) + 1;
            lastBucket[i] = Arrays.binarySearch(edges, times[i] - offsetNanos);
        }
    }

    /** Evaluation times for [start, end] every step; a single time when {@code start == end}. */
    static long[] times(long startNanos, long endNanos, long stepNanos, int maxPoints) {
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("end before start");
        }
        if (startNanos == endNanos) {
            return new long[] {startNanos};
        }
        if (stepNanos <= 0) {
            throw new IllegalArgumentException("step must be > 0");
        }
        long count = (endNanos - startNanos) / stepNanos + 1;
        if (count > maxPoints) {
            throw new LogQlLimitException("the range and step give " + count + " points per series, more than "
                    + maxPoints + ": use a larger step or a shorter range");
        }
        long[] t = new long[(int) count];
        for (int i = 0; i < t.length; i++) {
            t[i] = startNanos + i * stepNanos;
        }
        return t;
    }

    int points() {
        return times.length;
    }

    long time(int i) {
        return times[i];
    }

    int buckets() {
        return edges.length;
    }

    /** The bucket of a sample at {@code ts}, or -1 when no window holds it. */
    int bucket(long ts) {
        if (ts <= edges[0] || ts > edges[edges.length - 1]) {
            return -1;
        }
        int i = Arrays.binarySearch(edges, ts);
        return i >= 0 ? i : -i - 1;
    }

    /** First bucket of window {@code i}. */
    int first(int i) {
        return firstBucket[i];
    }

    /** Last bucket of window {@code i} (inclusive). */
    int last(int i) {
        return lastBucket[i];
    }

    /** Earliest sample time any window holds, exclusive. */
    long fromExclusive() {
        return edges[0];
    }

    /** Latest sample time any window holds, inclusive. */
    long toInclusive() {
        return edges[edges.length - 1];
    }
}
