package io.sluice.alert.intake;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.sluice.alert.rule.RuleValidator;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Per-rule counts of matching events in one-second buckets, in Redis hashes
 * {@code {p}alert:buckets:{ruleId}} (field = bucket start in epoch millis). A findings batch is
 * applied by one Lua script that first sets {@code {p}alert:seen:{batchId}} with NX, so a
 * redelivered batch changes nothing. Buckets older than a rule's window are pruned when the rule
 * is evaluated; each hash also expires {@link #BUCKET_TTL} after its last write.
 */
public class MatchBuckets {

    /** Longer than the longest window, so a quiet rule's hash disappears on its own. */
    static final Duration BUCKET_TTL = Duration.ofSeconds(RuleValidator.MAX_WINDOW_SECONDS).plusHours(1);

    /** Buckets this much older than a rule's window are kept anyway (clock differences between instances). */
    static final long PRUNE_GRACE_MILLIS = 60_000;

    // KEYS[1] = seen marker, KEYS[2..] = bucket hashes.
    // ARGV[1] = seen TTL, ARGV[2] = bucket TTL, then per hash: field count n, then n (field, increment) pairs.
    private static final String APPLY = """
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
    private final long seenTtlSeconds;

    /** Buckets under {@code redis}' key prefix; batch ids remembered for {@code seenTtl}. */
    public MatchBuckets(SluiceRedis redis, Duration seenTtl) {
        this.redis = redis;
        this.seenTtlSeconds = Math.max(1, seenTtl.toSeconds());
    }

    /** Adds {@code batch}'s counts unless its id was applied before; true when applied now. */
    public Mono<Boolean> apply(FindingsBatch batch) {
        Map<Long, Map<Long, Long>> perRule = new LinkedHashMap<>();
        for (MatchCount m : batch.getMatchesList()) {
            perRule.computeIfAbsent(m.getRuleId(), r -> new LinkedHashMap<>()).merge(m.getBucketStartMillis(), m.getCount(), Long::sum);
        }
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        keys.add(redis.keys().key("alert:seen:" + batch.getBatchId()));
        args.add(Long.toString(seenTtlSeconds));
        args.add(Long.toString(BUCKET_TTL.toSeconds()));
        perRule.forEach((rule, buckets) -> {
            keys.add(bucketsKey(rule));
            args.add(Integer.toString(buckets.size()));
            buckets.forEach((start, count) -> {
                args.add(Long.toString(start));
                args.add(Long.toString(count));
            });
        });
        return redis.strings()
                .<Long>eval(APPLY, ScriptOutputType.INTEGER, keys.toArray(String[]::new), args.toArray(String[]::new))
                .next()
                .map(r -> r == 1L);
    }

    /**
     * The number of matches of rule {@code ruleId} in buckets starting in
     * ({@code nowMillis - windowMillis}, {@code nowMillis}]; prunes buckets that can no longer count.
     */
    public Mono<Long> sum(long ruleId, long windowMillis, long nowMillis) {
        String key = bucketsKey(ruleId);
        long from = nowMillis - windowMillis;
        long pruneBefore = from - PRUNE_GRACE_MILLIS;
        return redis.strings().hgetall(key).collectList().flatMap(fields -> {
            long sum = 0;
            List<String> stale = new ArrayList<>();
            for (KeyValue<String, String> kv : fields) {
                long start = Long.parseLong(kv.getKey());
                if (start > from && start <= nowMillis) {
                    sum += Long.parseLong(kv.getValue());
                } else if (start < pruneBefore) {
                    stale.add(kv.getKey());
                }
            }
            Mono<Long> total = Mono.just(sum);
            return stale.isEmpty() ? total : redis.strings().hdel(key, stale.toArray(String[]::new)).then(total);
        });
    }

    private String bucketsKey(long ruleId) {
        return redis.keys().key("alert:buckets:" + ruleId);
    }
}
