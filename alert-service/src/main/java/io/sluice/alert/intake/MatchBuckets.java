package io.sluice.alert.intake;

import io.lettuce.core.KeyValue;
import io.sluice.alert.rule.RuleValidator;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.common.proto.alert.v1.MatchCount;
import io.sluice.platform.redis.HashIncrementsOnce;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
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

    private final SluiceRedis redis;
    private final HashIncrementsOnce increments;
    private final Duration seenTtl;

    /** Buckets under {@code redis}' key prefix; batch ids remembered for {@code seenTtl}. */
    public MatchBuckets(SluiceRedis redis, Duration seenTtl) {
        this.redis = redis;
        this.increments = new HashIncrementsOnce(redis);
        this.seenTtl = seenTtl;
    }

    /** Adds {@code batch}'s counts unless its id was applied before; true when applied now. */
    public Mono<Boolean> apply(FindingsBatch batch) {
        Map<String, Map<String, Long>> perRule = new LinkedHashMap<>();
        for (MatchCount m : batch.getMatchesList()) {
            perRule.computeIfAbsent(bucketsKey(m.getRuleId()), r -> new LinkedHashMap<>())
                    .merge(Long.toString(m.getBucketStartMillis()), m.getCount(), Long::sum);
        }
        return increments.apply(seenKey(batch.getBatchId()), seenTtl, perRule, BUCKET_TTL);
    }

    /** Whether batch {@code batchId} has been applied before. */
    public Mono<Boolean> seen(String batchId) {
        return redis.strings().exists(seenKey(batchId)).map(n -> n > 0);
    }

    /**
     * The number of matches of rule {@code ruleId} in buckets starting in
     * ({@code nowMillis - windowMillis}, {@code nowMillis}]; prunes buckets that can no longer count.
     */
    public Mono<Long> sum(long ruleId, long windowMillis, long nowMillis) {
        return window(ruleId, windowMillis, nowMillis).map(w -> w.sum(windowMillis));
    }

    /**
     * The buckets of rule {@code ruleId} starting in ({@code nowMillis - windowMillis},
     * {@code nowMillis}], to sum over that window or shorter ones; prunes buckets that can no
     * longer count.
     */
    public Mono<BucketWindow> window(long ruleId, long windowMillis, long nowMillis) {
        String key = bucketsKey(ruleId);
        long from = nowMillis - windowMillis;
        long pruneBefore = from - PRUNE_GRACE_MILLIS;
        return redis.strings().hgetall(key).collectList().flatMap(fields -> {
            NavigableMap<Long, Long> inWindow = new TreeMap<>();
            List<String> stale = new ArrayList<>();
            for (KeyValue<String, String> kv : fields) {
                long start = Long.parseLong(kv.getKey());
                if (start > from && start <= nowMillis) {
                    inWindow.merge(start, Long.parseLong(kv.getValue()), Long::sum);
                } else if (start < pruneBefore) {
                    stale.add(kv.getKey());
                }
            }
            Mono<BucketWindow> window = Mono.just(new BucketWindow(nowMillis, inWindow));
            return stale.isEmpty() ? window : redis.strings().hdel(key, stale.toArray(String[]::new)).then(window);
        });
    }

    private String seenKey(String batchId) {
        return redis.keys().key("alert:seen:" + batchId);
    }

    private String bucketsKey(long ruleId) {
        return redis.keys().key("alert:buckets:" + ruleId);
    }
}
