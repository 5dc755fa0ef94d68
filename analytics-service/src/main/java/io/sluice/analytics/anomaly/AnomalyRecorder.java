package io.sluice.analytics.anomaly;

import io.lettuce.core.ScoredValue;
import io.lettuce.core.ZAddArgs;
import io.sluice.analytics.template.MinedBatch;
import io.sluice.analytics.window.MinuteCounter;
import io.sluice.common.proto.ingest.v1.LogBatch;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.patterns.Match;
import io.sluice.platform.redis.HashIncrementsOnce;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@link AnomalyStage} of analytics: takes each event's template from the consumer's one mining
 * pass ({@link io.sluice.analytics.template.TemplateMining}) and adds the entry's lines per window,
 * service, level and template to the tenant's window hash in Redis, exactly once per entry ({@link HashIncrementsOnce}). Sample
 * lines (first come, first kept), first template texts, template merges, the tenant's event-time
 * watermark and its last arrival are written alongside; they are idempotent. No call blocks.
 */
public class AnomalyRecorder implements AnomalyStage {

    static final Duration DONE_TTL = Duration.ofHours(24);
    static final Duration WINDOW_TTL = Duration.ofHours(24);

    private final SluiceRedis redis;
    private final AnomalyKeys keys;
    private final HashIncrementsOnce increments;
    private final long windowMillis;
    private final int maxSamples;
    private final Duration stateTtl;

    /** Records under {@code redis}' key prefix with {@code properties}' window. */
    public AnomalyRecorder(SluiceRedis redis, AnomalyProperties properties) {
        this.redis = redis;
        this.keys = new AnomalyKeys(redis.keys());
        this.increments = new HashIncrementsOnce(redis);
        this.windowMillis = properties.window().toMillis();
        this.maxSamples = DetectorSettings.DEFAULTS.maxSamples();
        this.stateTtl = properties.stateTtl();
    }

    @Override
    public Mono<Void> record(String entryId, LogBatch batch, MinedBatch mined) {
        if (batch.getEventsCount() == 0) {
            return Mono.empty();
        }
        return Mono.fromCallable(() -> prepare(batch, mined))
                .flatMap(p -> increments.apply(keys.done(entryId), DONE_TTL, p.increments, WINDOW_TTL).then(extras(p)));
    }

    /** What one entry writes. */
    private record Prepared(Map<String, Map<String, Long>> increments, Map<String, Map<String, String>> samples,
            Map<String, Map<String, String>> texts, Map<String, Map<String, String>> merges, Map<String, Long> watermarks) {
    }

    private Prepared prepare(LogBatch batch, MinedBatch mined) {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        Map<String, Map<String, String>> samples = new LinkedHashMap<>();
        Map<String, Map<String, String>> texts = new HashMap<>();
        Map<String, Map<String, String>> merges = new HashMap<>();
        Map<String, Long> watermarks = new HashMap<>();
        Map<String, Integer> sampled = new HashMap<>();
        for (int i = 0; i < batch.getEventsCount(); i++) {
            LogEvent e = batch.getEvents(i);
            String tenant = MinuteCounter.tenantOf(e);
            String service = e.getService().isEmpty() ? "unknown" : e.getService();
            String level = e.getLevel().isEmpty() ? "UNKNOWN" : e.getLevel();
            long millis = Math.floorDiv(e.getTimestampUnixNanos(), 1_000_000L);
            long window = Math.floorDiv(millis, windowMillis) * windowMillis;
            Match m = mined.match(i);
            String countsKey = keys.counts(tenant, window);
            Map<String, Long> fields = counts.computeIfAbsent(countsKey, k -> new LinkedHashMap<>());
            fields.merge("l\t" + service + "\t" + level, 1L, Long::sum);
            fields.merge("t\t" + service + "\t" + m.templateId(), 1L, Long::sum);
            for (MinedBatch.Alias a : mined.newAliases(i)) {
                merges.computeIfAbsent(countsKey, k -> new HashMap<>()).put("m\t" + service + "\t" + a.from(), Long.toString(a.into()));
            }
            String samplesKey = keys.samples(tenant, window);
            for (String series : List.of(Series.rate(service, level), Series.rate(service, Series.ALL_LEVELS),
                    Series.template(service, m.templateId()))) {
                int n = sampled.merge(samplesKey + "\n" + series, 1, Integer::sum) - 1;
                if (n < maxSamples) {
                    samples.computeIfAbsent(samplesKey, k -> new LinkedHashMap<>()).put(series + "#" + n, e.getMessage());
                }
            }
            if (m.isNew()) {
                texts.computeIfAbsent(keys.texts(tenant), k -> new HashMap<>()).put(service + "\t" + m.templateId(), m.template());
            }
            watermarks.merge(tenant, millis, Math::max);
        }
        return new Prepared(counts, samples, texts, merges, watermarks);
    }

    private Mono<Void> extras(Prepared p) {
        long now = System.currentTimeMillis();
        List<Mono<?>> writes = new ArrayList<>();
        p.samples().forEach((key, fields) -> {
            fields.forEach((field, line) -> writes.add(redis.strings().hsetnx(key, field, line)));
            writes.add(redis.strings().expire(key, WINDOW_TTL));
        });
        p.texts().forEach((key, fields) -> {
            fields.forEach((field, text) -> writes.add(redis.strings().hsetnx(key, field, text)));
            writes.add(redis.strings().expire(key, stateTtl));
        });
        p.merges().forEach((key, fields) -> writes.add(redis.strings().hset(key, fields)));
        p.watermarks().forEach((tenant, millis) -> {
            writes.add(redis.strings().zadd(keys.watermarks(), ZAddArgs.Builder.gt(), ScoredValue.just(millis, tenant)));
            writes.add(redis.strings().zadd(keys.arrivals(), ScoredValue.just(now, tenant)));
        });
        return Flux.fromIterable(writes).flatMap(w -> w, 64).then();
    }
}
