package io.sluice.platform.redis;

import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Applies a set of hash-field increments at most once per marker key, atomically: one Lua script
 * sets the marker (SET NX EX) and, only if it was not there, runs every HINCRBY and refreshes each
 * hash's TTL. Redelivered work (a stream entry, a findings batch) is thereby counted once.
 * Non-blocking; safe to call from any thread.
 */
public final class HashIncrementsOnce {

    // KEYS[1] = marker, KEYS[2..] = hashes.
    // ARGV[1] = marker TTL, ARGV[2] = hash TTL, then per hash: field count n, then n (field, increment) pairs.
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

    /** Runs against {@code redis}' shared connection. */
    public HashIncrementsOnce(SluiceRedis redis) {
        this.redis = redis;
    }

    /**
     * Adds {@code increments} (hash key → field → increment) unless {@code markerKey} exists.
     *
     * @return true when applied now, false when the marker showed it had been applied before
     */
    public Mono<Boolean> apply(String markerKey, Duration markerTtl, Map<String, Map<String, Long>> increments, Duration hashTtl) {
        List<String> keys = new ArrayList<>(increments.size() + 1);
        List<String> args = new ArrayList<>();
        keys.add(markerKey);
        args.add(Long.toString(Math.max(1, markerTtl.toSeconds())));
        args.add(Long.toString(Math.max(1, hashTtl.toSeconds())));
        increments.forEach((hash, fields) -> {
            keys.add(hash);
            args.add(Integer.toString(fields.size()));
            fields.forEach((field, by) -> {
                args.add(field);
                args.add(Long.toString(by));
            });
        });
        return redis.strings()
                .<Long>eval(SCRIPT, ScriptOutputType.INTEGER, keys.toArray(String[]::new), args.toArray(String[]::new))
                .next()
                .map(r -> r == 1L);
    }
}
