package io.sluice.analytics.window;

import io.sluice.platform.redis.HashIncrementsOnce;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Applies one buffer entry's minute counts to the statistics hashes exactly once: a single Lua
 * script sets the entry's done-marker ({@code SET … NX EX 86400}) and, only when it was not set
 * before, increments the hashes and refreshes their TTL. A redelivered entry therefore changes
 * nothing. Non-blocking; safe to call from any thread.
 */
public class StatsWriter {

    /** How long an entry's done-marker is kept, in seconds (24 h, as in the architecture doc). */
    static final long DONE_TTL_SECONDS = 86_400L;

    private final SluiceRedis redis;
    private final StatsKeys keys;
    private final Duration statsTtl;
    private final HashIncrementsOnce increments;

    /** Writes under {@code redis}'s key prefix; hashes live {@code statsTtl}. */
    public StatsWriter(SluiceRedis redis, Duration statsTtl) {
        this.redis = redis;
        this.keys = new StatsKeys(redis.keys());
        this.statsTtl = statsTtl;
        this.increments = new HashIncrementsOnce(redis);
    }

    /**
     * Applies {@code counts} for the entry {@code entryId}.
     *
     * @return true when applied now, false when the entry had been applied before
     */
    public Mono<Boolean> apply(String entryId, List<MinuteCount> counts) {
        Map<String, Map<String, Long>> byHash = new LinkedHashMap<>();
        for (MinuteCount c : counts) {
            Map<String, Long> fields = byHash.computeIfAbsent(keys.stats(c.tenant(), c.minuteStartMillis()), k -> new LinkedHashMap<>());
            c.fields().forEach((field, by) -> fields.merge(field, by, Long::sum));
        }
        return increments.apply(keys.done(entryId), Duration.ofSeconds(DONE_TTL_SECONDS), byHash, statsTtl);
    }
}
