package io.sluice.admin.loki;

import io.sluice.common.query.QueryParseException;
import io.sluice.logstore.engine.LogLine;
import io.sluice.logstore.engine.LogQueryEngine;
import io.sluice.logstore.engine.LogsRequest;
import io.sluice.logstore.engine.LogsResult;
import io.sluice.logstore.engine.MetricRequest;
import io.sluice.logstore.engine.MetricResult;
import io.sluice.logstore.engine.QueryStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * A small query engine over lines held in memory, for testing the Loki API's HTTP layer on its own:
 * it understands stream selectors of exact matchers (<code>{a="x", b="y"}</code>), an optional
 * {@code |= "text"} filter and {@code count_over_time(<selector>[<duration>])}; anything else is a
 * {@link QueryParseException} at the column where it stops understanding. The next call can be made
 * to fail ({@link #failNextWith}) to test how failures are answered. Records the last request.
 */
final class InMemoryLogQueryEngine implements LogQueryEngine {

    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"([^\"]*)\"\\s*");
    private static final Pattern FILTER = Pattern.compile("\\s*\\|=\\s*\"([^\"]*)\"\\s*");
    private static final Pattern COUNT = Pattern.compile("count_over_time\\((.*)\\[(\\d+)([smh])\\]\\)");

    private final List<LogLine> lines = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;
    volatile Object lastRequest;

    void add(LogLine line) {
        lines.add(line);
    }

    void failNextWith(RuntimeException e) {
        failure = e;
    }

    void reset() {
        failure = null;
        lastRequest = null;
    }

    @Override
    public Mono<LogsResult> logs(LogsRequest request) {
        return Mono.fromSupplier(() -> {
            record(request);
            Predicate<LogLine> match = parse(request.query(), 0);
            Comparator<LogLine> order = Comparator.comparingLong(l -> l.event().timestampNanos());
            List<LogLine> found = lines.stream()
                    .filter(l -> l.event().tenant().equals(request.tenant()))
                    .filter(l -> l.event().timestampNanos() >= request.fromNanos() && l.event().timestampNanos() < request.toNanos())
                    .filter(match)
                    .sorted(request.backward() ? order.reversed() : order)
                    .limit(request.limit())
                    .toList();
            return new LogsResult(found, null, new QueryStats(2, 1, found.size(), lines.size(), 1234, 1_000_000L));
        });
    }

    @Override
    public Mono<MetricResult> metric(MetricRequest request) {
        return Mono.fromSupplier(() -> {
            record(request);
            Matcher m = COUNT.matcher(request.query());
            if (!m.matches()) {
                throw new QueryParseException("unknown function", 1);
            }
            Predicate<LogLine> match = parse(m.group(1), "count_over_time(".length());
            long window = Long.parseLong(m.group(2)) * switch (m.group(3)) {
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            Map<Map<String, String>, List<MetricResult.Point>> series = new LinkedHashMap<>();
            for (long t = request.startNanos(); t <= request.endNanos(); t += request.stepNanos()) {
                long at = t;
                Map<Map<String, String>, Long> counts = new LinkedHashMap<>();
                lines.stream()
                        .filter(l -> l.event().tenant().equals(request.tenant()))
                        .filter(l -> l.event().timestampNanos() > at - window && l.event().timestampNanos() <= at)
                        .filter(match)
                        .forEach(l -> counts.merge(l.labels(), 1L, Long::sum));
                counts.forEach((labels, n) -> series.computeIfAbsent(labels, k -> new ArrayList<>()).add(new MetricResult.Point(at, n)));
            }
            List<MetricResult.Series> result = new ArrayList<>();
            series.forEach((labels, points) -> result.add(new MetricResult.Series(labels, points)));
            return new MetricResult(result, new QueryStats(0, 0, 0, lines.size(), 0, 1_000_000L));
        });
    }

    @Override
    public Mono<List<String>> labels(String tenant, long fromNanos, long toNanos) {
        return Mono.fromSupplier(() -> {
            record(List.of(tenant, fromNanos, toNanos));
            return inRange(tenant, fromNanos, toNanos).flatMap(l -> l.labels().keySet().stream()).distinct().toList();
        });
    }

    @Override
    public Mono<List<String>> labelValues(String tenant, String label, long fromNanos, long toNanos) {
        return Mono.fromSupplier(() -> {
            record(List.of(tenant, label, fromNanos, toNanos));
            return inRange(tenant, fromNanos, toNanos).map(l -> l.labels().get(label)).filter(v -> v != null).distinct().toList();
        });
    }

    @Override
    public Mono<List<Map<String, String>>> series(String tenant, List<String> match, long fromNanos, long toNanos) {
        return Mono.fromSupplier(() -> {
            record(List.of(tenant, match, fromNanos, toNanos));
            List<Predicate<LogLine>> selectors = match.stream().map(s -> parse(s, 0)).toList();
            LinkedHashSet<Map<String, String>> found = new LinkedHashSet<>();
            inRange(tenant, fromNanos, toNanos).filter(l -> selectors.stream().anyMatch(p -> p.test(l))).forEach(l -> found.add(l.labels()));
            return List.copyOf(found);
        });
    }

    private java.util.stream.Stream<LogLine> inRange(String tenant, long fromNanos, long toNanos) {
        return lines.stream()
                .filter(l -> l.event().tenant().equals(tenant))
                .filter(l -> l.event().timestampNanos() >= fromNanos && l.event().timestampNanos() <= toNanos);
    }

    private void record(Object request) {
        lastRequest = request;
        RuntimeException e = failure;
        if (e != null) {
            failure = null;
            throw e;
        }
    }

    /** A predicate for {@code query} (a selector and optional filter), columns counted from {@code offset}. */
    private static Predicate<LogLine> parse(String query, int offset) {
        if (!query.startsWith("{")) {
            throw new QueryParseException("expected '{'", offset + 1);
        }
        int close = query.indexOf('}');
        if (close < 0) {
            throw new QueryParseException("expected '}'", offset + query.length() + 1);
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        int at = 1;
        for (String part : query.substring(1, close).split(",", -1)) {
            Matcher m = MATCHER.matcher(part);
            if (!m.matches()) {
                throw new QueryParseException("expected a label matcher", offset + at + 1);
            }
            wanted.put(m.group(1), m.group(2));
            at += part.length() + 1;
        }
        String rest = query.substring(close + 1);
        String contains;
        if (rest.isBlank()) {
            contains = "";
        } else {
            Matcher f = FILTER.matcher(rest);
            if (!f.matches()) {
                throw new QueryParseException("unexpected text after the stream selector", offset + close + 2);
            }
            contains = f.group(1);
        }
        return l -> wanted.entrySet().stream().allMatch(e -> e.getValue().equals(l.labels().get(e.getKey())))
                && l.line().contains(contains);
    }
}
