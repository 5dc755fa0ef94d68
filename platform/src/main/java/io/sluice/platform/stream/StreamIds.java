package io.sluice.platform.stream;

import java.util.Collection;

/** Ordering of Redis stream ids ({@code <millis>-<sequence>}), which do not sort as text. */
final class StreamIds {

    private StreamIds() {
    }

    /** Compares two stream ids numerically. */
    static int compare(String a, String b) {
        long[] x = split(a);
        long[] y = split(b);
        int c = Long.compareUnsigned(x[0], y[0]);
        return c != 0 ? c : Long.compareUnsigned(x[1], y[1]);
    }

    /** The smallest of {@code ids}. */
    static String min(Collection<String> ids) {
        return ids.stream().min(StreamIds::compare).orElseThrow();
    }

    private static long[] split(String id) {
        int dash = id.indexOf('-');
        if (dash < 0) {
            return new long[] {Long.parseUnsignedLong(id), 0};
        }
        return new long[] {Long.parseUnsignedLong(id.substring(0, dash)), Long.parseUnsignedLong(id.substring(dash + 1))};
    }
}
