package io.sluice.logstore.engine;

import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.logql.LogQlLimitException;
import io.sluice.logstore.hot.HotTierReader;
import io.sluice.logstore.hot.HotWindow;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.query.SearchTimeoutException;
import io.sluice.logstore.scan.ChunkRef;
import io.sluice.logstore.scan.ChunkScan;
import io.sluice.logstore.scan.ScanRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The query engine over the hot tier and the chunk archive.
 *
 * <p>A log query is parsed and compiled by logql ({@link LogQlPlanner}): the stream matchers and required
 * substrings prune chunks by their index rows ({@link ChunkScan#find}); the hot tier answers event
 * times from the moment it covers completely ({@link HotWindow#coveredFromNanos()}), the archive only
 * the time before, so no line appears twice and none is missing at the seam. Chunks are found in the
 * query's time order and read in growing batches ({@link ReadBatches}, one database query each, one
 * batch at a time, its chunks decoded on Reactor's parallel scheduler, never on a Redis or MySQL
 * event loop); once {@code limit} lines are certain, chunks lying wholly after the
 * last of them are skipped unread, and the index scan stops at the first chunk that starts too far
 * beyond them for any later chunk to matter. A page ends with a {@link Cursor} at its last line.
 *
 * <p>Every query runs under {@code timeout} (then {@link SearchTimeoutException}) and its memory is
 * bounded: lines held by the limit ({@link EngineProperties#maxLines()}), bytes decoded, hot-tier
 * entries read, series and points of a metric query ({@link QueryLimitException}).
 */
public class DefaultLogQueryEngine implements LogQueryEngine {

    /** Chunks of a log query's first read batch: a limit the newest chunks fill costs one small fetch. */
    private static final int FIRST_BATCH = 4;

    private final ChunkScan scan;
    private final HotTierReader hot;
    private final EngineProperties properties;
    private final Duration timeout;
    private final Scheduler scheduler;
    private final MetricRunner metrics;

    /** An engine reading {@code scan} and {@code hot}, decoding on {@code scheduler}. */
    public DefaultLogQueryEngine(ChunkScan scan, HotTierReader hot, EngineProperties properties, Duration timeout, Scheduler scheduler) {
        this.scan = scan;
        this.hot = hot;
        this.properties = properties;
        this.timeout = timeout;
        this.scheduler = scheduler;
        this.metrics = new MetricRunner(scan, hot, properties, scheduler);
    }

    @Override
    public Mono<LogsResult> logs(LogsRequest request) {
        return bounded(Mono.defer(() -> {
            if (request.limit() < 1 || request.limit() > properties.maxLines()) {
                throw new QueryLimitException("limit must be between 1 and " + properties.maxLines()
                        + " (sluice.logstore.engine.max-lines), was " + request.limit());
            }
            LogPlan plan = LogQlPlanner.logPlan(request.query());
            Cursor cursor = Cursor.decode(request.cursor());
            // A later page needs nothing on the far side of its cursor: narrowing the range keeps deep pages from re-reading chunks.
            long from = cursor != null && !request.backward() ? Math.max(request.fromNanos(), cursor.tsNanos()) : request.fromNanos();
            long to = cursor != null && request.backward() && cursor.tsNanos() < Long.MAX_VALUE
                    ? Math.min(request.toNanos(), cursor.tsNanos() + 1) : request.toNanos();
            QueryCost cost = new QueryCost(properties.maxBytesScanned().toBytes());
            TopLines top = new TopLines(request.limit(), request.backward());
            LineSource source = new LineSource(plan, from, to, cursor, request.backward(), request.limit(), cost);
            return hot.read(request.tenant(), from, to)
                    .flatMap(window -> {
                        cost.hotScanned(window.scanned());
                        top.offer(source.lines(window.events(), Long.MAX_VALUE));
                        long archiveTo = Math.min(to, window.coveredFromNanos());
                        if (archiveTo <= from) {
                            return Mono.just(top);
                        }
                        ScanRequest chunks = new ScanRequest(request.tenant(), from, archiveTo,
                                plan.streamMatchers(), plan.requiredSubstrings(), Set.of(), request.backward());
                        long span = scan.maxChunkSpanNanos();
                        Flux<ChunkRef> found = scan.find(chunks)
                                .doOnNext(cost::found)
                                // In time order: once a chunk cannot reach the kept lines, no later one can either.
                                .takeWhile(ref -> !top.noneLeftAfter(ref, span));
                        // One batch at a time, growing: each is filtered and charged only once the lines before it are known.
                        return ReadBatches.of(found, FIRST_BATCH, properties.readBatchChunks(), properties.readBatchBytes().toBytes())
                                .concatMap(batch -> Flux.defer(() -> {
                                    List<ChunkRef> read = new ArrayList<>(batch.size());
                                    for (ChunkRef ref : batch) {
                                        if (!top.cannotContribute(ref)) {
                                            cost.charge(ref);
                                            read.add(ref);
                                        }
                                    }
                                    return scan.read(read);
                                }).map(chunk -> source.lines(chunk.events(), archiveTo)), 1)
                                .doOnNext(top::offer)
                                .then(Mono.just(top));
                    })
                    .map(t -> {
                        TopLines.Page page = t.page();
                        String next = page.more() && !page.lines().isEmpty()
                                ? cursorAt(page.lines().get(page.lines().size() - 1)) : null;
                        return new LogsResult(page.lines(), next, cost.stats());
                    });
        }));
    }

    @Override
    public Mono<MetricResult> metric(MetricRequest request) {
        return bounded(Mono.defer(() -> metrics.run(request)));
    }

    @Override
    public Mono<List<String>> labels(String tenant, long fromNanos, long toNanos) {
        return streams(tenant, List.of(), fromNanos, toNanos)
                .map(sets -> {
                    TreeSet<String> names = new TreeSet<>();
                    sets.forEach(s -> names.addAll(s.keySet()));
                    return List.copyOf(names);
                });
    }

    @Override
    public Mono<List<String>> labelValues(String tenant, String label, long fromNanos, long toNanos) {
        return streams(tenant, List.of(), fromNanos, toNanos)
                .map(sets -> {
                    TreeSet<String> values = new TreeSet<>();
                    sets.forEach(s -> {
                        String v = s.get(label);
                        if (v != null) {
                            values.add(v);
                        }
                    });
                    return List.copyOf(values);
                });
    }

    @Override
    public Mono<List<Map<String, String>>> series(String tenant, List<String> match, long fromNanos, long toNanos) {
        return bounded(Mono.defer(() -> {
            List<List<LabelMatcher>> selectors = match.isEmpty()
                    ? List.of(List.of())
                    : match.stream().map(m -> LogQlPlanner.logPlan(m).streamMatchers()).toList();
            return Flux.fromIterable(selectors)
                    .concatMap(matchers -> streams(tenant, matchers, fromNanos, toNanos))
                    .collect(() -> new TreeSet<Map<String, String>>(StreamSets.ORDER), Set::addAll)
                    .map(List::copyOf);
        }));
    }

    /** The distinct label sets (stream labels plus level) of the tenant's streams matching {@code matchers}. */
    private Mono<Set<Map<String, String>>> streams(String tenant, List<LabelMatcher> matchers, long fromNanos, long toNanos) {
        return bounded(Mono.defer(() -> {
            Set<Map<String, String>> sets = new TreeSet<>(StreamSets.ORDER);
            return hot.read(tenant, fromNanos, toNanos)
                    .flatMap(window -> {
                        for (ArchivedEvent e : window.events()) {
                            if (StreamLabels.matches(matchers, e)) {
                                sets.add(StreamLabels.of(e));
                            }
                        }
                        return scan.find(new ScanRequest(tenant, fromNanos, toNanos, matchers, List.of(), Set.of(), true))
                                .doOnNext(ref -> StreamSets.addFromIndex(ref, matchers, sets, properties.maxSeries()))
                                .then(Mono.just(sets));
                    });
        }));
    }

    private static String cursorAt(LogLine line) {
        return new Cursor(line.event().timestampNanos(), line.event().id()).encode();
    }

    private <T> Mono<T> bounded(Mono<T> query) {
        return query.timeout(timeout)
                .onErrorMap(LogQlLimitException.class, e -> new QueryLimitException(e.getMessage()))
                .onErrorMap(TimeoutException.class, e -> new SearchTimeoutException("the query took longer than "
                        + timeout.toMillis() + " ms and was stopped (sluice.logstore.query-timeout): narrow the time range,"
                        + " select fewer streams or add a line filter", e));
    }

    /** Turns candidate events into a query's lines: range, cursor, de-duplication, then the plan. */
    private static final class LineSource {
        private final LogPlan plan;
        private final long fromNanos;
        private final long toNanos;
        private final Cursor cursor;
        private final boolean backward;
        private final int limit;
        private final QueryCost cost;

        LineSource(LogPlan plan, long fromNanos, long toNanos, Cursor cursor, boolean backward, int limit, QueryCost cost) {
            this.plan = plan;
            this.fromNanos = fromNanos;
            this.toNanos = toNanos;
            this.cursor = cursor;
            this.backward = backward;
            this.limit = limit;
            this.cost = cost;
        }

        /**
         * The lines of {@code events} (any order) before {@code beforeNanos}: the first
         * {@code limit + 1} in the query's order (plus any sharing the last one's time), since no
         * more of them can make the page.
         */
        List<LogLine> lines(List<ArchivedEvent> events, long beforeNanos) {
            List<ArchivedEvent> sorted = new ArrayList<>(events);
            sorted.sort(LineOrder.of(backward));
            List<LogLine> out = new ArrayList<>();
            long end = Math.min(toNanos, beforeNanos);
            long evaluated = 0;
            long lastTs = 0;
            for (ArchivedEvent e : sorted) {
                long ts = e.timestampNanos();
                if (out.size() > limit && ts != lastTs) {
                    break;
                }
                if (ts < fromNanos || ts >= end || (cursor != null && !cursor.passes(ts, e.id(), backward))
                        || !StreamLabels.matches(plan.streamMatchers(), e)) {
                    continue;
                }
                evaluated++;
                LogLine line = plan.apply(e);
                if (line != null) {
                    out.add(line);
                    lastTs = ts;
                }
            }
            cost.evaluated(evaluated);
            return out;
        }
    }
}
