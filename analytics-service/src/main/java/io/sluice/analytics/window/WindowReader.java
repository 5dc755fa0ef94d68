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
 * Answers window queries from the hashes {@link WindowRecorder} keeps. Tumbling windows are read
 * directly (one HGETALL per window); sliding windows of width W and step s are summed from the
 * 10-second windows: the window ending at e covers [e − W, e), one per multiple e of s from just after
 * {@code from} up to {@code to} rounded up to s. Histograms are merged by adding bucket counts, then
 * turned into quantiles by HdrHistogram. The HGETALLs go out concurrently on the shared connection,
 * at most {@value #CONCURRENCY} in flight; the caller bounds how many (see the windows API).
 */
public class WindowReader {

    private static final int CONCURRENCY = 128;

    private static final Comparator<String> LEVEL_ORDER = Comparator
            .comparingInt((String l) -> Levels.ALL.contains(l) ? Levels.ALL.indexOf(l) : Levels.ALL.size())
            .thenComparing(Comparator.naturalOrder());

    private final SluiceRedis redis;
    private final WindowKeys keys;
    private final HistogramBuckets buckets;

    /** Reads under {@code redis}' key prefix; quantiles with {@code properties}' precision. */
    public WindowReader(SluiceRedis redis, WindowProperties properties) {
        this.redis = redis;
        this.keys = new WindowKeys(redis.keys());
        this.buckets = new HistogramBuckets(properties.significantDigits());
    }

    /** The windows {@code query} asks for. */
    public Mono<WindowView> read(WindowQuery query) {
        Mono<List<WindowView.Bucket>> windows = query.stepMillis() == 0 ? tumbling(query) : sliding(query);
        return Mono.zip(windows, lateDropped(query.tenant()))
                .map(t -> new WindowView(query.tenant(), query.size().label(), query.stepMillis(), query.from(), query.to(), t.getT1(),
                        t.getT2()));
    }

    /** Starts of the tumbling windows of {@code size} overlapping [{@code from}, {@code to}). */
    static List<Long> starts(WindowSize size, long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = size.start(from); s < to; s += size.millis()) {
            out.add(s);
        }
        return out;
    }

    /** Ends of the sliding windows with step {@code step}: multiples of it after {@code from}, up to {@code to} rounded up. */
    static List<Long> ends(long step, long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long e = Math.floorDiv(from, step) * step + step; e - step < to; e += step) {
            out.add(e);
        }
        return out;
    }

    private Mono<List<WindowView.Bucket>> tumbling(WindowQuery q) {
        return Flux.fromIterable(starts(q.size(), q.from(), q.to()))
                .flatMapSequential(s -> sums(q, q.size(), s).map(sums -> bucket(s, s + q.size().millis(), sums)), CONCURRENCY)
                .collectList();
    }

    private Mono<List<WindowView.Bucket>> sliding(WindowQuery q) {
        List<Long> ends = ends(q.stepMillis(), q.from(), q.to());
        long width = q.size().millis();
        long tenSeconds = WindowSize.TEN_SECONDS.millis();
        long first = ends.get(0) - width;
        long last = ends.get(ends.size() - 1);
        List<Long> starts = new ArrayList<>();
        for (long s = first; s < last; s += tenSeconds) {
            starts.add(s);
        }
        return Flux.fromIterable(starts)
                .flatMapSequential(s -> sums(q, WindowSize.TEN_SECONDS, s), CONCURRENCY)
                .collectList()
                .map(tens -> {
                    List<WindowView.Bucket> out = new ArrayList<>(ends.size());
                    WindowSums running = new WindowSums();
                    int added = 0;
                    int removed = 0;
                    for (long end : ends) {
                        while (added < starts.size() && starts.get(added) < end) {
                            running.add(tens.get(added++), 1);
                        }
                        while (removed < added && starts.get(removed) < end - width) {
                            running.add(tens.get(removed++), -1);
                        }
                        out.add(bucket(end - width, end, running));
                    }
                    return out;
                });
    }

    private Mono<WindowSums> sums(WindowQuery q, WindowSize size, long start) {
        return redis.strings().hgetall(keys.window(q.tenant(), size, start))
                .collect(WindowSums::new, (sums, kv) -> add(sums, kv, q));
    }

    private static void add(WindowSums sums, KeyValue<String, String> kv, WindowQuery q) {
        if (kv.hasValue()) {
            try {
                sums.addField(kv.getKey(), Long.parseLong(kv.getValue()), q);
            } catch (NumberFormatException e) {
                // a field that is not a count: ignored
            }
        }
    }

    private WindowView.Bucket bucket(long start, long end, WindowSums sums) {
        Map<String, Long> levels = new TreeMap<>(LEVEL_ORDER);
        levels.putAll(sums.levels);
        Map<String, HistogramBuckets.Quantiles> quantiles = new TreeMap<>();
        sums.histograms.forEach((field, counts) -> {
            HistogramBuckets.Quantiles qs = buckets.quantiles(counts);
            if (qs != null) {
                quantiles.put(field, qs);
            }
        });
        double ratio = sums.events == 0 ? 0.0 : (double) sums.errors / sums.events;
        return new WindowView.Bucket(start, end, sums.events, sums.bytes, sums.errors, ratio, new LinkedHashMap<>(levels),
                new LinkedHashMap<>(new TreeMap<>(sums.services)), new LinkedHashMap<>(quantiles));
    }

    private Mono<Long> lateDropped(String tenant) {
        return redis.strings().hvals(keys.late(tenant))
                .map(Long::parseLong)
                .reduce(0L, Long::sum);
    }
}
