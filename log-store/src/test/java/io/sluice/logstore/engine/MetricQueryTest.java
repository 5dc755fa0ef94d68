package io.sluice.logstore.engine;

import static io.sluice.logstore.engine.EngineFixture.MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.common.query.QueryParseException;
import io.sluice.logstore.model.ArchivedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import reactor.test.StepVerifier;

/** Metric queries over hot tier and chunks, against values computed here from the known events. */
class MetricQueryTest {

    private static final long MIN = 60_000_000_000L;
    private static final long START = EngineFixture.BASE_MS * MS + 10 * MIN;
    private static final long END = EngineFixture.BASE_MS * MS + 150 * MIN;

    private static EngineFixture fixture;
    private static DefaultLogQueryEngine engine;

    @BeforeAll
    static void setUp() {
        fixture = new EngineFixture(600, 150, Duration.ZERO);
        engine = fixture.engine();
    }

    @AfterAll
    static void tearDown() {
        fixture.close();
    }

    private static MetricResult metric(String query, long step) {
        return engine.metric(new MetricRequest("t1", query, START, END, step)).block();
    }

    /** Labels → evaluation time → value, for the series of a result. */
    private static Map<Map<String, String>, Map<Long, Double>> table(MetricResult r) {
        Map<Map<String, String>, Map<Long, Double>> out = new HashMap<>();
        for (MetricResult.Series s : r.series()) {
            Map<Long, Double> points = new TreeMap<>();
            s.points().forEach(p -> points.put(p.tsNanos(), p.value()));
            out.put(s.metric(), points);
        }
        return out;
    }

    /**
     * The expected table: for each evaluation time t, the events of t1 selected by {@code p} with
     * time in (t - range, t], grouped by {@code key}, reduced by {@code value} over the group.
     */
    private static Map<Map<String, String>, Map<Long, Double>> expected(Predicate<ArchivedEvent> p, long range, long step,
            Function<ArchivedEvent, Map<String, String>> key, Function<List<ArchivedEvent>, Double> value) {
        Map<Map<String, String>, Map<Long, Double>> out = new HashMap<>();
        for (long t = START; t <= END; t += step) {
            long from = t - range;
            long to = t;
            Map<Map<String, String>, List<ArchivedEvent>> groups = new HashMap<>();
            fixture.events.stream().filter(e -> e.tenant().equals("t1") && e.timestampNanos() > from && e.timestampNanos() <= to)
                    .filter(p).forEach(e -> groups.computeIfAbsent(key.apply(e), k -> new ArrayList<>()).add(e));
            for (Map.Entry<Map<String, String>, List<ArchivedEvent>> g : groups.entrySet()) {
                out.computeIfAbsent(g.getKey(), k -> new TreeMap<>()).put(t, value.apply(g.getValue()));
            }
        }
        return out;
    }

    private static Map<String, String> stream(ArchivedEvent e) {
        return Map.of("service", e.service(), "host", e.host(), "level", e.level());
    }

    private static void assertClose(Map<Map<String, String>, Map<Long, Double>> got, Map<Map<String, String>, Map<Long, Double>> want) {
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(want.keySet());
        want.forEach((labels, points) -> {
            assertThat(got.get(labels).keySet()).as("points of %s", labels).containsExactlyElementsOf(points.keySet());
            points.forEach((t, v) -> assertThat(got.get(labels).get(t)).as("%s at %d", labels, t).isCloseTo(v, within(1e-9)));
        });
    }

    private static Function<List<ArchivedEvent>, Double> sum(ToDoubleFunction<ArchivedEvent> f) {
        return events -> events.stream().mapToDouble(f).sum();
    }

    @Test
    void countOverTimeFromIndexRowsEqualsTheDecodedCountAndTheTruth() {
        var want = expected(e -> true, 10 * MIN, 10 * MIN, MetricQueryTest::stream, l -> (double) l.size());
        MetricResult indexed = metric("count_over_time({}[10m])", 10 * MIN);
        MetricResult decoded = metric("count_over_time({} |~ \".\" [10m])", 10 * MIN);
        assertClose(table(indexed), want);
        assertClose(table(decoded), want);
        assertThat(indexed.stats().chunksRead()).isLessThan(indexed.stats().chunksTotal() / 2);
        assertThat(decoded.stats().chunksRead()).isEqualTo(decoded.stats().chunksTotal());
    }

    @Test
    void aSelectorGroupingAndRateCountWhatTheyName() {
        assertClose(table(metric("sum by (level) (count_over_time({service=~\"api|web\", level!=\"DEBUG\"}[30m]))", 10 * MIN)),
                expected(e -> e.service().matches("api|web") && !e.level().equals("DEBUG"), 30 * MIN, 10 * MIN,
                        e -> Map.of("level", e.level()), l -> (double) l.size()));
        assertClose(table(metric("sum(rate({service=\"db\"} |= \"timeout\" [20m]))", 5 * MIN)),
                expected(e -> e.service().equals("db") && e.message().contains("timeout"), 20 * MIN, 5 * MIN,
                        e -> Map.of(), l -> l.size() / 1200.0));
        assertClose(table(metric("sum by (service) (bytes_over_time({host=\"h1\"}[10m]))", 10 * MIN)),
                expected(e -> e.host().equals("h1"), 10 * MIN, 10 * MIN, e -> Map.of("service", e.service()),
                        sum(e -> e.message().getBytes(StandardCharsets.UTF_8).length)));
    }

    @Test
    void unwrapFeedsQuantilesAndSumsOfExtractedValues() {
        Pattern login = Pattern.compile("user=u\\d+ action=login latency_ms=(\\d+)");
        ToDoubleFunction<ArchivedEvent> latency = e -> {
            Matcher m = login.matcher(e.message());
            return m.matches() ? Double.parseDouble(m.group(1)) : Double.NaN;
        };
        Predicate<ArchivedEvent> logins = e -> login.matcher(e.message()).matches();
        assertClose(table(metric("quantile_over_time(0.9, {} |= \"action=login\" | logfmt | unwrap latency_ms [30m]) by (service)", 15 * MIN)),
                expected(logins, 30 * MIN, 15 * MIN, e -> Map.of("service", e.service()), l -> quantile(0.9, l.stream().mapToDouble(latency).toArray())));
        assertClose(table(metric("sum by (host) (sum_over_time({} |= \"action=login\" | logfmt | unwrap latency_ms [1h]))", 30 * MIN)),
                expected(logins, 60 * MIN, 30 * MIN, e -> Map.of("host", e.host()), sum(latency)));
    }

    @Test
    void topkKeepsTheLargestSeries() {
        var all = expected(e -> true, 60 * MIN, 60 * MIN, e -> Map.of("service", e.service()), l -> (double) l.size());
        var got = table(metric("topk(1, sum by (service) (count_over_time({}[1h])))", 60 * MIN));
        for (long t = START; t <= END; t += 60 * MIN) {
            long at = t;
            double max = all.values().stream().mapToDouble(p -> p.getOrDefault(at, 0.0)).max().orElseThrow();
            List<Double> values = got.values().stream().filter(p -> p.containsKey(at)).map(p -> p.get(at)).toList();
            assertThat(values).containsExactly(max);
        }
    }

    @Test
    void tooManySeriesStepsOrBytesAreRefusedAndQueryErrorsNameTheColumn() {
        EngineProperties tight = new EngineProperties(5000, 3, 2_000_000, DataSize.ofGigabytes(1), 4, 2, EngineFixture.SKEW, 2000, 500_000, 64,
                DataSize.ofMegabytes(16));
        StepVerifier.create(fixture.engine(tight, Duration.ofSeconds(30)).metric(new MetricRequest("t1", "count_over_time({}[10m])", START, END, 10 * MIN)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(QueryLimitException.class))
                .verify();
        StepVerifier.create(engine.metric(new MetricRequest("t1", "count_over_time({}[10m])", 0, END, 1_000)))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(QueryLimitException.class).hasMessageContaining("step"))
                .verify();
        StepVerifier.create(engine.metric(new MetricRequest("t1", "count_over_time({} [10x])", START, END, MIN)))
                .expectErrorSatisfies(e -> assertThat(((QueryParseException) e).column()).isPositive())
                .verify();
        // The engine still answers afterwards.
        assertThat(metric("count_over_time({}[10m])", 10 * MIN).series()).isNotEmpty();
    }

    /** Prometheus' quantile: linear interpolation between the closest ranks. */
    private static double quantile(double q, double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        double rank = q * (v.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (v[hi] - v[lo]) * (rank - lo);
    }
}
