package io.sluice.logstore.engine;

import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.logql.LogQl;
import io.sluice.common.query.logql.LogSelectorExpr;
import io.sluice.common.query.logql.MetricEvaluator;
import io.sluice.common.query.logql.MetricExpr;
import io.sluice.common.query.logql.MetricExpr.RangeAggregation;
import io.sluice.common.query.logql.MetricExpr.RangeOp;
import io.sluice.common.query.logql.RangeInput;
import io.sluice.common.query.logql.Series;
import io.sluice.logstore.chunk.MinuteHistogram;
import io.sluice.logstore.hot.HotTierReader;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.scan.ChunkRef;
import io.sluice.logstore.scan.ChunkScan;
import io.sluice.logstore.scan.ScanRequest;
import io.sluice.logstore.write.ChunkRows;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs metric queries: logql's {@link MetricEvaluator} is the accumulator; this feeds each of its
 * range aggregations the events of its time range. Event times the hot tier covers come from it,
 * the rest from the archive — a clean split at {@code coveredFromNanos}, so nothing counts twice.
 *
 * <p>A chunk is answered from its index row alone when the aggregation counts lines or bytes of a
 * bare selector ({@code count_over_time}, {@code rate}, {@code bytes_over_time}, {@code bytes_rate}
 * without line filters, parsers or unwrap) and no step window's edge cuts the chunk's time range —
 * then each window holds all of the chunk or none of it, and the level counts (or the raw bytes of a
 * one-level chunk) are exactly what decoding would have counted. Otherwise the chunk is decoded on
 * {@code scheduler}, {@code decodeConcurrency} at a time, and its events offered one by one.
 */
final class MetricRunner {

    private final ChunkScan scan;
    private final HotTierReader hot;
    private final EngineProperties properties;
    private final Scheduler scheduler;

    MetricRunner(ChunkScan scan, HotTierReader hot, EngineProperties properties, Scheduler scheduler) {
        this.scan = scan;
        this.hot = hot;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    Mono<MetricResult> run(MetricRequest request) {
        MetricExpr expr = LogQl.parseMetricQuery(request.query());
        long steps = request.stepNanos() <= 0 ? 1 : (request.endNanos() - request.startNanos()) / request.stepNanos() + 1;
        if (steps * 1L > properties.maxPoints()) {
            throw new QueryLimitException("the query asks for " + steps + " steps, more than " + properties.maxPoints()
                    + " (sluice.logstore.engine.max-points); use a larger step");
        }
        MetricEvaluator evaluator = MetricEvaluator.create(expr, request.startNanos(), request.endNanos(),
                Math.max(1, request.stepNanos()), properties.maxSeries());
        QueryCost cost = new QueryCost(properties.maxBytesScanned().toBytes());
        return Flux.fromIterable(evaluator.inputs())
                .concatMap(input -> feed(request, input, cost))
                .then(Mono.fromCallable(() -> {
                    List<Series> series = evaluator.result();
                    long points = series.stream().mapToLong(s -> s.points().size()).sum();
                    if (points > properties.maxPoints()) {
                        throw new QueryLimitException("the answer has " + points + " points, more than " + properties.maxPoints()
                                + " (sluice.logstore.engine.max-points); group into fewer series or use a larger step");
                    }
                    return new MetricResult(series.stream().map(MetricRunner::toSeries).toList(), cost.stats());
                }).subscribeOn(scheduler));
    }

    private Mono<Void> feed(MetricRequest request, RangeInput input, QueryCost cost) {
        LogSelectorExpr selector = input.selector();
        boolean fields = LogQlPlanner.needsStoredFields(selector) || input.expr().unwrap() != null;
        long from = input.fromNanos();
        long to = input.toNanos();
        Index index = Index.of(input.expr(), request);
        return hot.read(request.tenant(), from, to)
                .publishOn(scheduler)
                .flatMap(window -> {
                    cost.hotScanned(window.scanned());
                    long seam = Math.max(from, Math.min(to, window.coveredFromNanos()));
                    offer(input, window.events(), seam, to, fields, cost);
                    if (seam <= from) {
                        return Mono.empty();
                    }
                    ScanRequest chunks = new ScanRequest(request.tenant(), from, seam, selector.matchers(), selector.requiredTokens(),
                            Set.of(), false);
                    Flux<ChunkRef> found = scan.find(chunks).doOnNext(cost::found);
                    return ReadBatches.of(found, properties.readBatchChunks(), properties.readBatchChunks(), properties.readBatchBytes().toBytes())
                            .flatMapSequential(batch -> {
                                List<ChunkRef> fromIndex = new ArrayList<>();
                                List<ChunkRef> read = new ArrayList<>();
                                for (ChunkRef ref : batch) {
                                    if (index != null && ref.maxTsNanos() < seam && index.answers(ref)) {
                                        fromIndex.add(ref);
                                    } else {
                                        cost.charge(ref);
                                        read.add(ref);
                                    }
                                }
                                Runnable counted = () -> fromIndex.forEach(ref -> index.accept(input, ref, selector.matchers()));
                                return Flux.just(counted).concatWith(scan.read(read)
                                        .map(chunk -> (Runnable) () -> offer(input, chunk.events(), from, seam, fields, cost)));
                            }, properties.decodeConcurrency(), 1)
                            // RangeInput takes one thread at a time: the sequential merge hands these out one by one.
                            .doOnNext(Runnable::run)
                            .then();
                });
    }

    private static void offer(RangeInput input, List<ArchivedEvent> events, long from, long to, boolean fields, QueryCost cost) {
        long n = 0;
        for (ArchivedEvent e : events) {
            long ts = e.timestampNanos();
            if (ts < from || ts >= to) {
                continue;
            }
            n++;
            input.offer(StreamLabels.of(e), ts, e.message(), fields ? StoredFields.of(e.fieldsJson()) : Map.of());
        }
        cost.evaluated(n);
    }

    private static MetricResult.Series toSeries(Series s) {
        return new MetricResult.Series(s.labels(), s.points().stream().map(p -> new MetricResult.Point(p.tsNanos(), p.value())).toList());
    }

    /**
     * What index rows answer for one range aggregation, and the window edges {@code t - offset} and
     * {@code t - offset - range} for t = start, start + step, … end.
     */
    private record Index(boolean bytes, long first, long last, long step, long range) {

        /** The index answer of {@code r}, or {@code null} when every chunk must be decoded. */
        static Index of(RangeAggregation r, MetricRequest request) {
            boolean count = r.op() == RangeOp.COUNT_OVER_TIME || r.op() == RangeOp.RATE;
            boolean bytes = r.op() == RangeOp.BYTES_OVER_TIME || r.op() == RangeOp.BYTES_RATE;
            if ((!count && !bytes) || r.unwrap() != null || !r.selector().stages().isEmpty()) {
                return null;
            }
            long step = Math.max(1, request.stepNanos());
            long last = request.startNanos() + (request.endNanos() - request.startNanos()) / step * step;
            return new Index(bytes, request.startNanos() - r.offsetNanos(), last - r.offsetNanos(), step, r.rangeNanos());
        }

        /**
         * Whether the index row answers this chunk exactly: no window edge cuts the chunk (every
         * window holds all of it or none), or — counting lines — none cuts any cell of its minute
         * histogram (a cell's events lie in its minute and the chunk's range). Cells are
         * {@code (m - 1 min, m]} like the windows, so minute-aligned edges never cut one; rows written
         * with version-1 cells {@code [m, m + 1 min)} are cut by an edge at a non-empty cell's start. Byte counts exist per
         * chunk only, so only a one-level chunk no edge cuts is answered for {@code bytes_*}. Chunks
         * with folded levels ({@code *}) are decoded: their level labels are unknown.
         */
        boolean answers(ChunkRef ref) {
            if (ref.levelCounts().containsKey(ChunkRows.OTHER_LEVELS)) {
                return false;
            }
            if (!cuts(ref.minTsNanos(), ref.maxTsNanos())) {
                return !bytes || ref.levelCounts().values().stream().filter(c -> c > 0).count() == 1;
            }
            if (bytes) {
                return false;
            }
            boolean[] exact = {true};
            ref.histogram().forEach((cellFirst, cellLast, level, count) -> {
                if (level.equals(MinuteHistogram.OTHER_LEVELS) || cuts(cellFirst, cellLast)) {
                    exact[0] = false;
                }
            });
            return exact[0];
        }

        /** Whether a window edge lies in {@code [fromTs, toTs)}: events in {@code [fromTs, toTs]} would fall in different windows. */
        private boolean cuts(long fromTs, long toTs) {
            return edgeIn(first, fromTs, toTs) || edgeIn(first - range, fromTs, toTs);
        }

        private boolean edgeIn(long firstEdge, long minTs, long maxTs) {
            long k = minTs <= firstEdge ? 0 : Math.floorDiv(minTs - firstEdge + step - 1, step);
            long edge = firstEdge + k * step;
            return edge <= firstEdge + (last - first) && edge >= minTs && edge < maxTs;
        }

        /**
         * Feeds the chunk's lines as its index row counts them (only after {@link #answers}): the
         * whole chunk per level at its last event time when no edge cuts it, else each histogram cell
         * at its latest possible time. One call per level or cell, never per line.
         */
        void accept(RangeInput input, ChunkRef ref, List<LabelMatcher> matchers) {
            Map<String, Map<String, String>> labelsByLevel = new HashMap<>();
            java.util.function.Function<String, Map<String, String>> labelsOf = level -> labelsByLevel.computeIfAbsent(level,
                    l -> StreamSets.matches(matchers, StreamSets.of(ref, l)) ? StreamSets.of(ref, l) : Map.of());
            if (!cuts(ref.minTsNanos(), ref.maxTsNanos())) {
                for (Map.Entry<String, Long> level : ref.levelCounts().entrySet()) {
                    Map<String, String> labels = labelsOf.apply(level.getKey());
                    if (level.getValue() > 0 && !labels.isEmpty()) {
                        // A bytes answer is only taken for one-level chunks, so the chunk's raw bytes are this level's.
                        input.acceptCount(labels, ref.maxTsNanos(), level.getValue(), bytes ? ref.rawBytes() : 0);
                    }
                }
                return;
            }
            ref.histogram().forEach((cellFirst, cellLast, level, count) -> {
                Map<String, String> labels = labelsOf.apply(level);
                if (count > 0 && !labels.isEmpty()) {
                    input.acceptCount(labels, cellLast, count, 0);
                }
            });
        }
    }
}
