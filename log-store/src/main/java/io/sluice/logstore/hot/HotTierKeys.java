package io.sluice.logstore.hot;

import io.sluice.platform.redis.RedisKeys;

/**
 * The name of each tenant's hot stream, {@code {p}hot:{tenant}}, in one place: pipeline-service
 * writes it ({@code HotTier}) and the query engine reads it ({@link HotTierReader}).
 */
public final class HotTierKeys {

    private HotTierKeys() {
    }

    /** The hot stream of {@code tenant}. */
    public static String stream(RedisKeys keys, String tenant) {
        return keys.key("hot:" + tenant);
    }
}
