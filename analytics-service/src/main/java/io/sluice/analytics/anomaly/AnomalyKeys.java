package io.sluice.analytics.anomaly;

import io.sluice.platform.redis.RedisKeys;

/** Names of anomaly detection's Redis keys (see docs/ARCHITECTURE.md, "Anomaly detection"). */
final class AnomalyKeys {

    private final RedisKeys keys;

    AnomalyKeys(RedisKeys keys) {
        this.keys = keys;
    }

    /** Hash of one tenant's window: {@code l TAB service TAB LEVEL} and {@code t TAB service TAB id} → lines, {@code m TAB service TAB from} → into. */
    String counts(String tenant, long windowStart) {
        return keys.key("analytics:anomaly:counts:" + tenant + ":" + windowStart);
    }

    /** Hash of one tenant's window: {@code seriesKey#i} → a sample line. */
    String samples(String tenant, long windowStart) {
        return keys.key("analytics:anomaly:samples:" + tenant + ":" + windowStart);
    }

    /** Hash of a tenant's template texts: {@code service TAB id} → text when first mined. */
    String texts(String tenant) {
        return keys.key("analytics:anomaly:texts:" + tenant);
    }

    /** Marker of a buffer entry whose counts were applied. */
    String done(String entryId) {
        return keys.key("analytics:anomaly:done:" + entryId);
    }

    /** Sorted set tenant → largest event time seen (epoch ms). */
    String watermarks() {
        return keys.key("analytics:anomaly:watermarks");
    }

    /** Sorted set tenant → when its last entry was recorded (epoch ms, processing time). */
    String arrivals() {
        return keys.key("analytics:anomaly:arrivals");
    }

    /** String: a tenant's {@link DetectorState} as JSON. */
    String state(String tenant) {
        return keys.key("analytics:anomaly:state:" + tenant);
    }

    /** String: held by the instance judging a tenant's windows. */
    String lock(String tenant) {
        return keys.key("analytics:anomaly:lock:" + tenant);
    }

    /** Stream of a tenant's findings, field {@code f} = the {@link Anomaly} as JSON. */
    String findings(String tenant) {
        return keys.key("analytics:anomalies:" + tenant);
    }
}
