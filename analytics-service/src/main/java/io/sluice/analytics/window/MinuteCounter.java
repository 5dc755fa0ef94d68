package io.sluice.analytics.window;

import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts a batch's events per tenant, minute of event time, level and service: the increments
 * one buffer entry makes to the statistics. Pure and thread-safe.
 */
public final class MinuteCounter {

    /** Minute length in milliseconds; the width of every statistics bucket. */
    public static final long MINUTE_MILLIS = 60_000L;

    /** Tenant assumed for an event that carries none. */
    public static final String DEFAULT_TENANT = "default";

    private MinuteCounter() {
    }

    /** The increments for {@code batch}, one element per (tenant, minute). */
    public static List<MinuteCount> count(LogBatch batch) {
        Map<String, Map<Long, Map<String, Long>>> counts = new HashMap<>();
        for (LogEvent e : batch.getEventsList()) {
            counts.computeIfAbsent(tenantOf(e), t -> new HashMap<>())
                    .computeIfAbsent(minuteStart(e.getTimestampUnixNanos()), m -> new HashMap<>())
                    .merge(field(e.getLevel(), e.getService()), 1L, Long::sum);
        }
        List<MinuteCount> out = new ArrayList<>();
        counts.forEach((tenant, minutes) -> minutes.forEach((minute, fields) -> out.add(new MinuteCount(tenant, minute, fields))));
        return out;
    }

    /** Epoch milliseconds of the start of the minute containing {@code nanos}. */
    public static long minuteStart(long nanos) {
        return Math.floorDiv(Math.floorDiv(nanos, 1_000_000L), MINUTE_MILLIS) * MINUTE_MILLIS;
    }

    /** The tenant of an event, {@value #DEFAULT_TENANT} when empty. */
    public static String tenantOf(LogEvent e) {
        return e.getTenant().isEmpty() ? DEFAULT_TENANT : e.getTenant();
    }

    /** Hash field {@code LEVEL:service}; unknown parts are spelled {@code UNKNOWN} / {@code unknown}. */
    static String field(String level, String service) {
        return (level.isEmpty() ? "UNKNOWN" : level) + ":" + (service.isEmpty() ? "unknown" : service);
    }
}
