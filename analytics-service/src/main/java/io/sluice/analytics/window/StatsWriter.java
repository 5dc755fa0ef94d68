package io.sluice.analytics.window;

import io.lettuce.core.ScriptOutputType;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
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

    // KEYS[1] = done marker, KEYS[2..] = stats hashes.
    // ARGV[1] = done TTL, ARGV[2] = stats TTL, then per hash: field count n, then n (field, increment) pairs.
    private static final String SCRIPT = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              return 0
            end
            local a = 3
            for k = 2, #KEYS do
              local n = tonumber(ARGV[a])
              a = a + 1
              for i = 1, n do
                redis.call('HINCRBY', KEYS[k], ARGV[a], ARGV[a + 1])
                a = a + 2
              end
              redis.call('EXPIRE', KEYS[k], ARGV[2])
            end
            return 1
            """;

    private final SluiceRedis redis;
    private final StatsKeys keys;
    private final long statsTtlSeconds;

    /** Writes under {@code redis}'s key prefix; hashes live {@code statsTtl}. */
    public StatsWriter(SluiceRedis redis, Duration statsTtl) {
        this.redis = redis;
        this.keys = new StatsKeys(redis.keys());
        this.statsTtlSeconds = Math.max(1, statsTtl.toSeconds());
    }

    /**
     * Applies {@code counts} for the entry {@code entryId}.
     *
     * @return true when applied now, false when the entry had been applied before
     */
    public Mono<Boolean> apply(String entryId, List<MinuteCount> counts) {
        List<String> keyList = new ArrayList<>(counts.size() + 1);
        List<String> args = new ArrayList<>();
        keyList.add(keys.done(entryId));
        args.add(Long.toString(DONE_TTL_SECONDS));
        args.add(Long.toString(statsTtlSeconds));
        for (MinuteCount c : counts) {
            keyList.add(keys.stats(c.tenant(), c.minuteStartMillis()));
            args.add(Integer.toString(c.fields().size()));
            for (Map.Entry<String, Long> f : c.fields().entrySet()) {
                args.add(f.getKey());
                args.add(Long.toString(f.getValue()));
            }
        }
        return redis.strings()
                .<Long>eval(SCRIPT, ScriptOutputType.INTEGER, keyList.toArray(String[]::new), args.toArray(String[]::new))
                .next()
                .map(r -> r == 1L);
    }
}
