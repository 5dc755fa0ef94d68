package io.sluice.analytics.window;

import io.sluice.platform.redis.RedisKeys;

/** Names of analytics' Redis keys (see docs/ARCHITECTURE.md). */
final class StatsKeys {

    private final RedisKeys keys;

    StatsKeys(RedisKeys keys) {
        this.keys = keys;
    }

    /** {@code {p}stats:{tenant}:{minuteStartMillis}}: hash of {@code LEVEL:service} → count. */
    String stats(String tenant, long minuteStartMillis) {
        return keys.key("stats:" + tenant + ":" + minuteStartMillis);
    }

    /** {@code {p}analytics:done:{entryId}}: marks a buffer entry's counts as applied. */
    String done(String entryId) {
        return keys.key("analytics:done:" + entryId);
    }
}
