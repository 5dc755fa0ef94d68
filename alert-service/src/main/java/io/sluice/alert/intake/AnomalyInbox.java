package io.sluice.alert.intake;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ZAddArgs;
import io.sluice.alert.rule.AlertRule;
import io.sluice.alert.rule.RuleRepository;
import io.sluice.common.proto.alert.v1.AnomalyFinding;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The anomaly findings each enabled {@code anomaly} rule matched, in Redis sorted sets
 * {@code {p}alert:anomalies:{ruleId}} (member = the finding as JSON, score = when it first
 * arrived). Recording is idempotent: {@code ZADD NX} of the same finding keeps its first arrival
 * time, so recording a batch again before its id is marked seen changes nothing (intake skips
 * batches already seen). Findings are never removed by age while the set lives, so an old finding
 * cannot come back with a new arrival time. Each set keeps the newest {@link #MAX_KEPT} findings
 * and expires a day after its last write.
 */
public class AnomalyInbox {

    /** Findings kept per rule: enough for templates and counts, bounded whatever analytics sends. */
    static final int MAX_KEPT = 100;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SluiceRedis redis;
    private final RuleRepository rules;
    private final Clock clock;

    /** Keeps findings in {@code redis} for the rules of {@code rules}; arrival times from {@code clock}. */
    public AnomalyInbox(SluiceRedis redis, RuleRepository rules, Clock clock) {
        this.redis = redis;
        this.rules = rules;
        this.clock = clock;
    }

    /** Records each finding of {@code batch} under the enabled anomaly rules it matches; emits those rules' ids. */
    public Mono<Set<Long>> record(FindingsBatch batch) {
        if (batch.getAnomaliesCount() == 0) {
            return Mono.just(Set.of());
        }
        Set<String> tenants = new LinkedHashSet<>();
        batch.getAnomaliesList().forEach(f -> tenants.add(f.getTenant()));
        long now = clock.millis();
        return rules.findEnabledAnomalyRules(tenants).collectList().flatMap(candidates -> {
            Map<Long, List<String>> matched = new LinkedHashMap<>();
            for (AlertRule rule : candidates) {
                for (AnomalyFinding f : batch.getAnomaliesList()) {
                    if (f.getTenant().equals(rule.tenant()) && rule.anomaly() != null
                            && rule.anomaly().matches(f.getType(), f.getService(), f.getSeries())) {
                        matched.computeIfAbsent(rule.id(), id -> new ArrayList<>()).add(JSON.writeValueAsString(RecordedAnomaly.of(f)));
                    }
                }
            }
            return Flux.fromIterable(matched.entrySet())
                    .concatMap(e -> store(key(e.getKey()), e.getValue(), now))
                    .then(Mono.just(matched.keySet()));
        });
    }

    /** The newest finding recorded for rule {@code ruleId} since {@code sinceMillis}, if any. */
    public Mono<Optional<RecordedAnomaly>> latest(long ruleId, long sinceMillis) {
        return redis.strings().zrevrangebyscore(key(ruleId), Range.from(Range.Boundary.including(sinceMillis), Range.Boundary.unbounded()),
                        Limit.create(0, 1)).next()
                .map(json -> Optional.of(JSON.readValue(json, RecordedAnomaly.class)))
                .defaultIfEmpty(Optional.empty());
    }

    private Mono<Void> store(String key, List<String> members, long now) {
        Object[] scored = new Object[members.size() * 2];
        for (int i = 0; i < members.size(); i++) {
            scored[2 * i] = (double) now;
            scored[2 * i + 1] = members.get(i);
        }
        return redis.strings().zadd(key, ZAddArgs.Builder.nx(), scored)
                .then(redis.strings().zremrangebyrank(key, 0, -(MAX_KEPT + 1)))
                .then(redis.strings().expire(key, MatchBuckets.BUCKET_TTL.toSeconds()))
                .then();
    }

    private String key(long ruleId) {
        return redis.keys().key("alert:anomalies:" + ruleId);
    }
}
