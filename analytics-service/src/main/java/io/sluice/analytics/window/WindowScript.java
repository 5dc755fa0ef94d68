package io.sluice.analytics.window;

import io.lettuce.core.ScriptOutputType;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * One entry's window statistics, applied at most once by a single Lua script call: the pattern of
 * platform's {@link io.sluice.platform.redis.HashIncrementsOnce} (set the entry's done-marker
 * {@code SET NX EX}; only if it was not there, write), widened to what windows need: hash increments
 * with a lifetime per key, sorted-set increments (leaderboards), a max-only watermark, and "first
 * time this template is seen" (HSETNX of its text, then {@code ZADD NX} on the new-template boards).
 * Every key is passed in {@code KEYS}. Non-blocking; safe to call from any thread.
 */
final class WindowScript {

    // KEYS[1] = marker. ARGV[1] = marker TTL, then ops; each names its key by index into KEYS:
    //   H key ttl n (field incr)*n   hash increments      Z key ttl n (member incr)*n   sorted-set increments
    //   M key ttl value              SET key value when larger than what is there
    //   T key ttl field text score nb (board ttl)*nb   HSETNX key field text; when new, ZADD NX score field on each board
    private static final String SCRIPT = """
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
              return 0
            end
            local a = 2
            while a <= #ARGV do
              local op = ARGV[a]
              local key = KEYS[tonumber(ARGV[a + 1])]
              local ttl = ARGV[a + 2]
              if op == 'H' or op == 'Z' then
                local n = tonumber(ARGV[a + 3])
                a = a + 4
                for i = 1, n do
                  if op == 'H' then
                    redis.call('HINCRBY', key, ARGV[a], ARGV[a + 1])
                  else
                    redis.call('ZINCRBY', key, ARGV[a + 1], ARGV[a])
                  end
                  a = a + 2
                end
                redis.call('EXPIRE', key, ttl)
              elseif op == 'M' then
                local current = tonumber(redis.call('GET', key))
                if current == nil or tonumber(ARGV[a + 3]) > current then
                  redis.call('SET', key, ARGV[a + 3], 'EX', ttl)
                else
                  redis.call('EXPIRE', key, ttl)
                end
                a = a + 4
              else
                local fresh = redis.call('HSETNX', key, ARGV[a + 3], ARGV[a + 4])
                redis.call('EXPIRE', key, ttl)
                local field = ARGV[a + 3]
                local score = ARGV[a + 5]
                local nb = tonumber(ARGV[a + 6])
                a = a + 7
                for i = 1, nb do
                  if fresh == 1 then
                    local board = KEYS[tonumber(ARGV[a])]
                    redis.call('ZADD', board, 'NX', score, field)
                    redis.call('EXPIRE', board, ARGV[a + 1])
                  end
                  a = a + 2
                end
              end
            end
            return 1
            """;

    /** How long an entry's done-marker is kept (as the minute statistics' one). */
    static final Duration DONE_TTL = Duration.ofHours(24);

    private final SluiceRedis redis;

    WindowScript(SluiceRedis redis) {
        this.redis = redis;
    }

    /** Collects the ops of one call. */
    static final class Ops {

        private final List<String> keys = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> args = new ArrayList<>();

        Ops(String marker) {
            key(marker);
            args.add(seconds(DONE_TTL));
        }

        /** Adds {@code increments} (field → by) to the hash {@code key}, which then lives {@code ttl}. */
        Ops hashIncrements(String key, Duration ttl, Map<String, Long> increments) {
            return increments("H", key, ttl, increments);
        }

        /** Adds {@code increments} (member → by) to the sorted set {@code key}, which then lives {@code ttl}. */
        Ops sortedSetIncrements(String key, Duration ttl, Map<String, Long> increments) {
            return increments("Z", key, ttl, increments);
        }

        /** Raises the number at {@code key} to {@code value} unless it is larger already. */
        Ops max(String key, Duration ttl, long value) {
            args.add("M");
            args.add(key(key));
            args.add(seconds(ttl));
            args.add(Long.toString(value));
            return this;
        }

        /** Stores {@code text} at {@code field} of {@code key} unless set; only then adds {@code field} to {@code boards} (key → ttl). */
        Ops firstSeen(String key, Duration ttl, String field, String text, long score, Map<String, Duration> boards) {
            args.add("T");
            args.add(key(key));
            args.add(seconds(ttl));
            args.add(field);
            args.add(text);
            args.add(Long.toString(score));
            args.add(Integer.toString(boards.size()));
            boards.forEach((board, boardTtl) -> {
                args.add(key(board));
                args.add(seconds(boardTtl));
            });
            return this;
        }

        private Ops increments(String op, String key, Duration ttl, Map<String, Long> increments) {
            if (increments.isEmpty()) {
                return this;
            }
            args.add(op);
            args.add(key(key));
            args.add(seconds(ttl));
            args.add(Integer.toString(increments.size()));
            increments.forEach((field, by) -> {
                args.add(field);
                args.add(Long.toString(by));
            });
            return this;
        }

        private String key(String key) {
            return Integer.toString(index.computeIfAbsent(key, k -> {
                keys.add(k);
                return keys.size();
            }));
        }

        private static String seconds(Duration d) {
            return Long.toString(Math.max(1, d.toSeconds()));
        }
    }

    /**
     * Runs {@code ops} unless their marker is set.
     *
     * @return true when applied now, false when the entry had been applied before
     */
    Mono<Boolean> apply(Ops ops) {
        return redis.strings()
                .<Long>eval(SCRIPT, ScriptOutputType.INTEGER, ops.keys.toArray(String[]::new), ops.args.toArray(String[]::new))
                .next()
                .map(r -> r == 1L);
    }
}
