package io.sluice.analytics.anomaly;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.sluice.platform.lifecycle.PeriodicTask;
import io.sluice.platform.redis.SluiceRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Judges windows once they are due, every {@code closeInterval}: a tenant's window is due when its
 * end plus the allowed lateness is behind the tenant's watermark, the largest event time recorded
 * for it, advanced by the processing time since its last entry (so a tenant that stops logging
 * altogether still has its windows judged, and its silence found). For each tenant the instance that
 * takes the tenant's lock reads the learned state, judges every due window in order (empty ones
 * included, at most a day of them after a long pause), hands the findings to the {@link AnomalySink}
 * (alert-service), appends them to the tenant's stream and stores the state; when any step fails
 * the state is not stored and the same windows are judged again next time. Any instance can judge any tenant, one at a time.
 */
public class AnomalyCloser extends PeriodicTask {

    private static final int MAX_CATCH_UP_WINDOWS = 1440;

    private final SluiceRedis redis;
    private final AnomalyStore store;
    private final AnomalyKeys keys;
    private final AnomalyDetector detector;
    private final long windowMillis;
    private final long latenessMillis;
    private final Duration lockHold;
    private final Clock clock;
    private final String token = UUID.randomUUID().toString();
    private final AnomalySink sink;

    /** Judges with {@code detector}, windows and lateness from {@code properties}, time from {@code clock}. */
    public AnomalyCloser(SluiceRedis redis, AnomalyStore store, AnomalyDetector detector, AnomalyProperties properties, Clock clock,
            AnomalySink sink) {
        super(properties.closeInterval(), properties.closeInterval());
        this.sink = sink;
        this.redis = redis;
        this.store = store;
        this.keys = store.keys();
        this.detector = detector;
        this.windowMillis = properties.window().toMillis();
        this.latenessMillis = properties.lateness().toMillis();
        this.lockHold = Duration.ofMinutes(2);
        this.clock = clock;
    }

    @Override
    protected Mono<Void> runOnce() {
        return closeDue().then();
    }

    /** Judges every due window of every tenant; emits the findings raised. */
    public Mono<List<Anomaly>> closeDue() {
        long now = clock.millis();
        Mono<Map<String, Double>> watermarks = scores(keys.watermarks());
        Mono<Map<String, Double>> arrivals = scores(keys.arrivals());
        return Mono.zip(watermarks, arrivals)
                .flatMapMany(t -> Flux.fromIterable(t.getT1().entrySet()).concatMap(e -> {
                    long arrival = t.getT2().getOrDefault(e.getKey(), (double) now).longValue();
                    long effective = e.getValue().longValue() + Math.max(0, now - arrival);
                    return closeTenant(e.getKey(), effective - latenessMillis);
                }))
                .collectList();
    }

    private Mono<Map<String, Double>> scores(String key) {
        return redis.strings().zrangeWithScores(key, 0, -1)
                .collectMap(ScoredValue::getValue, ScoredValue::getScore);
    }

    /** Judges the tenant's windows that end at or before {@code dueEnd}. */
    private Flux<Anomaly> closeTenant(String tenant, long dueEnd) {
        long lastDue = Math.floorDiv(dueEnd - windowMillis, windowMillis) * windowMillis;
        return store.lock(tenant, token, lockHold).flatMapMany(locked -> !locked ? Flux.empty()
                : store.state(tenant).flatMapMany(state -> {
                    long first = state.lastWindow == Long.MIN_VALUE ? lastDue : state.lastWindow + windowMillis;
                    if (first > lastDue) {
                        return Flux.empty();
                    }
                    first = Math.max(first, lastDue - (MAX_CATCH_UP_WINDOWS - 1) * windowMillis);
                    List<Long> windows = new ArrayList<>();
                    for (long w = first; w <= lastDue; w += windowMillis) {
                        windows.add(w);
                    }
                    String batchId = "anomalies/" + tenant + "/" + first + "-" + lastDue;
                    return Flux.fromIterable(windows)
                            .concatMap(w -> load(tenant, w)
                                    .publishOn(Schedulers.parallel())
                                    .flatMapIterable(counts -> detector.close(tenant, state, counts)))
                            .collectList()
                            .flatMapMany(found -> (found.isEmpty() ? Mono.<Void>empty() : sink.send(batchId, found))
                                    .thenMany(Flux.fromIterable(found).concatMap(a -> store.append(a).thenReturn(a)))
                                    .concatWith(store.saveState(tenant, state).then(Mono.empty())));
                }).concatWith(store.unlock(tenant, token).then(Mono.empty())));
    }

    /** Reads one window of a tenant back from Redis. */
    Mono<WindowCounts> load(String tenant, long windowStart) {
        Mono<List<KeyValue<String, String>>> counts = redis.strings().hgetall(keys.counts(tenant, windowStart)).collectList();
        Mono<List<KeyValue<String, String>>> samples = redis.strings().hgetall(keys.samples(tenant, windowStart)).collectList();
        return Mono.zip(counts, samples).flatMap(t -> {
            Set<String> templateFields = new HashSet<>();
            for (KeyValue<String, String> kv : t.getT1()) {
                String[] f = kv.getKey().split("\t", 3);
                if (f.length == 3 && f[0].equals("t")) {
                    templateFields.add(f[1] + "\t" + f[2]);
                }
            }
            Mono<Map<String, String>> texts = templateFields.isEmpty() ? Mono.just(Map.of())
                    : redis.strings().hmget(keys.texts(tenant), templateFields.toArray(String[]::new))
                            .filter(KeyValue::hasValue)
                            .collectMap(KeyValue::getKey, KeyValue::getValue);
            return texts.map(textOf -> build(windowStart, t.getT1(), t.getT2(), textOf));
        });
    }

    private WindowCounts build(long windowStart, List<KeyValue<String, String>> counts, List<KeyValue<String, String>> samples,
            Map<String, String> texts) {
        WindowCounts.Builder b = new WindowCounts.Builder(windowStart, Integer.MAX_VALUE);
        for (KeyValue<String, String> kv : counts) {
            String[] f = kv.getKey().split("\t", 3);
            if (f.length != 3 || !kv.hasValue()) {
                continue;
            }
            switch (f[0]) {
                case "l" -> b.addCounts(f[1], f[2], 0, null, Long.parseLong(kv.getValue()));
                case "t" -> b.addCounts(f[1], null, Long.parseLong(f[2]), texts.get(f[1] + "\t" + f[2]), Long.parseLong(kv.getValue()));
                case "m" -> b.merged(f[1], Long.parseLong(f[2]), Long.parseLong(kv.getValue()));
                default -> { }
            }
        }
        Map<String, String> ordered = samples.stream().filter(KeyValue::hasValue)
                .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue, (x, y) -> x, HashMap::new));
        ordered.keySet().stream().sorted().forEach(field -> {
            int hash = field.lastIndexOf('#');
            if (hash > 0) {
                b.sample(field.substring(0, hash), ordered.get(field));
            }
        });
        return b.build();
    }
}
