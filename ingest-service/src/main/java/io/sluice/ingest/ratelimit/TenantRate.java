package io.sluice.ingest.ratelimit;

import java.time.Duration;

/**
 * The rate limits that apply to one tenant: sustained events and bytes per second, and the burst
 * (how much unused budget can be spent at once, as time at the full rate).
 *
 * @param eventsPerSecond sustained events per second
 * @param bytesPerSecond sustained bytes per second
 * @param burst burst tolerance
 */
public record TenantRate(long eventsPerSecond, long bytesPerSecond, Duration burst) {

    /** Checks every value is positive. */
    public TenantRate {
        if (eventsPerSecond <= 0 || bytesPerSecond <= 0 || burst.isNegative() || burst.isZero()) {
            throw new IllegalArgumentException("rate limits must be positive: " + eventsPerSecond + " events/s, "
                    + bytesPerSecond + " bytes/s, burst " + burst);
        }
    }
}
