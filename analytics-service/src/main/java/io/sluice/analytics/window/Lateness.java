package io.sluice.analytics.window;

/**
 * Event-time lateness: an event is late, and only counted as dropped, when its time is more than the
 * allowed lateness behind the tenant's watermark (the largest event time seen so far). Otherwise it
 * is counted in its own windows, however old those are. Pure.
 */
public final class Lateness {

    /** Watermark of a tenant no event has been seen of. */
    public static final long NO_WATERMARK = Long.MIN_VALUE;

    private final long allowedMillis;

    /** Lateness allowed behind the watermark, in milliseconds (at least 0). */
    public Lateness(long allowedMillis) {
        if (allowedMillis < 0) {
            throw new IllegalArgumentException("allowed lateness must not be negative, was " + allowedMillis + " ms");
        }
        this.allowedMillis = allowedMillis;
    }

    /** Whether an event at {@code eventMillis} is dropped as late when the watermark is {@code watermark}. */
    public boolean isLate(long eventMillis, long watermark) {
        return watermark != NO_WATERMARK && eventMillis < watermark - allowedMillis;
    }

    /** The allowed lateness in milliseconds. */
    public long allowedMillis() {
        return allowedMillis;
    }
}
