package io.sluice.logstore.hot;

import io.sluice.platform.redis.RedisKeys;

/**
 * The name of each tenant's hot stream, {@code {p}hot:{tenant}}, and of its trimming index, in one
 * place: pipeline-service writes them ({@code HotTier}) and the query engine reads the stream
 * ({@link HotTierReader}).
 */
public final class HotTierKeys {

    private HotTierKeys() {
    }

    /** The hot stream of {@code tenant}. */
    public static String stream(RedisKeys keys, String tenant) {
        return keys.key("hot:" + tenant);
    }

    /**
     * The trimming index of {@code tenant}'s hot stream: a list of {@code "<entry id> <events appended
     * so far>"}, one element per entry, oldest first, so the writer finds where to trim without
     * reading the entries themselves (their payloads are large).
     */
    public static String index(RedisKeys keys, String tenant) {
        return keys.key("hot-index:" + tenant);
    }
}
