package io.sluice.analytics.window;

import io.lettuce.core.KeyValue;
import io.sluice.common.event.Levels;
import io.sluice.platform.redis.SluiceRedis;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the per-minute statistics hashes of a time range. The HGETALLs go out concurrently on the
 * shared connection (Lettuce pipelines them), at most {@value #CONCURRENCY} in flight.
 */
public class StatsReader {

    private static final int CONCURRENCY = 128;

    /** Levels in severity order, then anything else alphabetically. */
    private static final Comparator<String> LEVEL_ORDER = Comparator
            .comparingInt((String l) -> Levels.ALL.contains(l) ? Levels.ALL.indexOf(l) : Levels.ALL.size())
            .thenComparing(Comparator.naturalOrder());

    private final SluiceRedis redis;
    private final StatsKeys keys;

    /** Reads under {@code redis}'s key prefix. */
    public StatsReader(SluiceRedis redis) {
        this.redis = redis;
        this.keys = new StatsKeys(redis.keys());
    }

    /**
     * The statistics of {@code tenant} for the minutes overlapping [{@code from}, {@code to}).
     * The caller bounds the range (see the stats API).
     */
    public Mono<StatsView> read(String tenant, long from, long to) {
        List<Long> minutes = minutes(from, to);
        return Flux.fromIterable(minutes)
                .flatMapSequential(m -> redis.strings().hgetall(keys.stats(tenant, m)).collectList().map(kvs -> bucket(m, kvs)), CONCURRENCY)
                .collectList()
                .map(buckets -> new StatsView(from, to, MinuteCounter.MINUTE_MILLIS, buckets, totals(buckets)));
    }

    /** Minute starts from the minute containing {@code from} to the one containing {@code to - 1}. */
    static List<Long> minutes(long from, long to) {
        List<Long> out = new ArrayList<>();
        long first = Math.floorDiv(from, MinuteCounter.MINUTE_MILLIS) * MinuteCounter.MINUTE_MILLIS;
        for (long m = first; m < to; m += MinuteCounter.MINUTE_MILLIS) {
            out.add(m);
        }
        return out;
    }

    private static StatsView.Bucket bucket(long start, List<KeyValue<String, String>> fields) {
        Map<String, Long> levels = new TreeMap<>(LEVEL_ORDER);
        Map<String, Long> services = new TreeMap<>();
        long total = 0;
        for (KeyValue<String, String> kv : fields) {
            if (!kv.hasValue()) {
                continue;
            }
            long n = Long.parseLong(kv.getValue());
            int colon = kv.getKey().indexOf(':');
            String level = colon < 0 ? kv.getKey() : kv.getKey().substring(0, colon);
            String service = colon < 0 ? "unknown" : kv.getKey().substring(colon + 1);
            levels.merge(level, n, Long::sum);
            services.merge(service, n, Long::sum);
            total += n;
        }
        return new StatsView.Bucket(start, total, new LinkedHashMap<>(levels), new LinkedHashMap<>(services));
    }

    private static StatsView.Totals totals(List<StatsView.Bucket> buckets) {
        Map<String, Long> levels = new TreeMap<>(LEVEL_ORDER);
        Map<String, Long> services = new TreeMap<>();
        long events = 0;
        for (StatsView.Bucket b : buckets) {
            b.levels().forEach((k, v) -> levels.merge(k, v, Long::sum));
            b.services().forEach((k, v) -> services.merge(k, v, Long::sum));
            events += b.total();
        }
        return new StatsView.Totals(events, new LinkedHashMap<>(levels), new LinkedHashMap<>(services));
    }
}
