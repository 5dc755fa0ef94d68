package io.sluice.admin.overview;

import java.time.Duration;
import java.time.Instant;

/**
 * The time window the overview shows: the last hour in whole minutes, ending with the current
 * (still filling) minute.
 *
 * @param fromMillis start, epoch milliseconds, inclusive
 * @param toMillis end, epoch milliseconds, exclusive
 */
public record OverviewWindow(long fromMillis, long toMillis) {

    /** The width of one bar. */
    public static final long STEP_MILLIS = Duration.ofMinutes(1).toMillis();

    private static final long SPAN_MILLIS = Duration.ofHours(1).toMillis();

    /** The window ending with the minute that contains {@code now}. */
    public static OverviewWindow endingAt(Instant now) {
        long to = Math.floorDiv(now.toEpochMilli(), STEP_MILLIS) * STEP_MILLIS + STEP_MILLIS;
        return new OverviewWindow(to - SPAN_MILLIS, to);
    }
}
