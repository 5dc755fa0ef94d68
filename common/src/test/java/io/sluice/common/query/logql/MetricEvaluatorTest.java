package io.sluice.common.query.logql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Twelve events of one stream, one every 10 s after {@code T0}: event k (1..12) has latency k*100 ms,
 * level error when k is a multiple of 3, route /a when k is a multiple of 3 else /b.
 */
class MetricEvaluatorTest {

    private static final long S = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * S;
    private static final Map<String, String> STREAM = Map.of("service", "api", "host", "h1");

    private record Event(long ts, String line) {
    }

    private static List<Event> events() {
        List<Event> out = new ArrayList<>();
        for (int k = 1; k <= 12; k++) {
            boolean three = k % 3 == 0;
            out.add(new Event(T0 + k * 10 * S, "level=" + (three ? "error" : "info") + " latency_ms=" + k * 100
                    + " route=" + (three ? "/a" : "/b") + " took=" + k * 100 + "ms size=" + k + "KB"));
        }
        Collections.shuffle(out, new Random(42));
        return out;
    }

    private static List<Series> eval(String query, long start, long end, long step) {
        return eval(query, start, end, step, MetricEvaluator.DEFAULT_MAX_SERIES);
    }

    private static List<Series> eval(String query, long start, long end, long step, int maxSeries) {
        MetricEvaluator ev = MetricEvaluator.create(LogQl.parseMetricQuery(query), start, end, step, maxSeries);
        for (RangeInput in : ev.inputs()) {
            for (Event e : events()) {
                in.offer(STREAM, e.ts(), e.line(), Map.of());
            }
        }
        return ev.result();
    }

    private static Map<Long, Double> points(Series s) {
        Map<Long, Double> m = new LinkedHashMap<>();
        s.points().forEach(p -> m.put((p.tsNanos() - T0) / S, p.value()));
        return m;
    }

    private static double instant(String query, long atSeconds) {
        List<Series> out = eval(query, T0 + atSeconds * S, T0 + atSeconds * S, S);
        assertThat(out).as(query).hasSize(1);
        return out.get(0).points().get(0).value();
    }

    @Test
    void countOverTimeWindowsAreOpenOnTheLeftAndClosedOnTheRight() {
        List<Series> out = eval("count_over_time({service=\"api\"}[40s])", T0 + 20 * S, T0 + 110 * S, 30 * S);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).labels()).isEqualTo(STREAM);
        assertThat(points(out.get(0))).containsExactly(Map.entry(20L, 2.0), Map.entry(50L, 4.0),
                Map.entry(80L, 4.0), Map.entry(110L, 4.0));
    }

    @Test
    void rateIsTheCountPerSecondOfTheRange() {
        List<Series> out = eval("rate({service=\"api\"}[40s])", T0 + 20 * S, T0 + 110 * S, 30 * S);
        assertThat(points(out.get(0))).containsExactly(Map.entry(20L, 0.05), Map.entry(50L, 0.1),
                Map.entry(80L, 0.1), Map.entry(110L, 0.1));
    }

    @Test
    void windowsWithoutSamplesHaveNoPoint() {
        List<Series> out = eval("count_over_time({service=\"api\"}[5s])", T0, T0 + 30 * S, 5 * S);
        assertThat(points(out.get(0))).containsExactly(Map.entry(10L, 1.0), Map.entry(20L, 1.0), Map.entry(30L, 1.0));
        assertThat(eval("count_over_time({service=\"web\"}[1m])", T0, T0 + 60 * S, 10 * S)).isEmpty();
    }

    @Test
    void bytesFunctionsSumTheLinesUtf8Length() {
        double bytes = 0;
        for (Event e : events()) {
            if (e.ts() > T0 && e.ts() <= T0 + 60 * S) {
                bytes += e.line().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        assertThat(instant("bytes_over_time({service=\"api\"}[1m])", 60)).isEqualTo(bytes);
        assertThat(instant("bytes_rate({service=\"api\"}[1m])", 60)).isCloseTo(bytes / 60, within(1e-9));
    }

    @Test
    void lineBytesAreUtf8Lengths() {
        for (String s : List.of("", "ascii", "caf\u00e9", "\u20ac 5", "\ud83d\ude00!", "\ud800 lone surrogate")) {
            assertThat(io.sluice.common.event.Utf8Length.of(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void unwrappedAggregationsFollowPrometheusDefinitions() {
        String sel = "{service=\"api\"} | logfmt | unwrap latency_ms [1m]) by (service)";
        assertThat(instant("sum_over_time(" + sel, 60)).isEqualTo(2100);
        assertThat(instant("avg_over_time(" + sel, 60)).isEqualTo(350);
        assertThat(instant("min_over_time(" + sel, 60)).isEqualTo(100);
        assertThat(instant("max_over_time(" + sel, 60)).isEqualTo(600);
        assertThat(instant("quantile_over_time(0.5, " + sel, 60)).isEqualTo(350);
        assertThat(instant("quantile_over_time(0.99, " + sel, 60)).isCloseTo(595, within(1e-9));
        assertThat(instant("stdvar_over_time(" + sel, 60)).isCloseTo(175000.0 / 6, within(1e-6));
        assertThat(instant("stddev_over_time(" + sel, 60)).isCloseTo(Math.sqrt(175000.0 / 6), within(1e-6));
        assertThat(instant("first_over_time(" + sel, 60)).isEqualTo(100);
        assertThat(instant("last_over_time(" + sel, 60)).isEqualTo(600);
        assertThat(instant("rate(" + sel, 60)).isCloseTo(2100.0 / 60, within(1e-9));
        assertThat(instant("sum_over_time({service=\"api\"} | logfmt | unwrap duration(took) [1m]) by (service)", 60))
                .isCloseTo(2.1, within(1e-9));
        assertThat(instant("sum_over_time({service=\"api\"} | logfmt | unwrap bytes(size) [1m]) by (service)", 60))
                .isEqualTo(21_000);
    }

    @Test
    void unwrapDropsTheUnwrappedLabelFromTheSeries() {
        List<Series> out = eval("max_over_time({service=\"api\"} | logfmt | keep service, latency_ms | unwrap latency_ms [1m])",
                T0 + 60 * S, T0 + 60 * S, S);
        assertThat(out).singleElement().satisfies(s -> assertThat(s.labels()).containsOnlyKeys("service"));
    }

    @Test
    void vectorAggregationsGroupByExtractedLabels() {
        List<Series> out = eval("sum by (level) (count_over_time({service=\"api\"} | logfmt [1m]))",
                T0 + 60 * S, T0 + 120 * S, 60 * S);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).labels()).isEqualTo(Map.of("level", "error"));
        assertThat(points(out.get(0))).containsExactly(Map.entry(60L, 2.0), Map.entry(120L, 2.0));
        assertThat(out.get(1).labels()).isEqualTo(Map.of("level", "info"));
        assertThat(points(out.get(1))).containsExactly(Map.entry(60L, 4.0), Map.entry(120L, 4.0));
        List<Series> notPushedDown = eval("sum by (level) (count_over_time({service=\"api\"} | logfmt [1m]) * 1)",
                T0 + 60 * S, T0 + 120 * S, 60 * S);
        assertThat(notPushedDown).isEqualTo(out);
        List<Series> without = eval("sum without (host, latency_ms, took, size, route) (count_over_time({service=\"api\"} | logfmt [1m]))",
                T0 + 60 * S, T0 + 60 * S, S);
        assertThat(without).extracting(Series::labels).containsExactly(
                Map.of("service", "api", "level", "error"), Map.of("service", "api", "level", "info"));
    }

    @Test
    void otherVectorAggregations() {
        String inner = "(count_over_time({service=\"api\"} | logfmt | keep route [1m]))";
        assertThat(instant("avg" + inner, 60)).isEqualTo(3);
        assertThat(instant("min" + inner, 60)).isEqualTo(2);
        assertThat(instant("max" + inner, 60)).isEqualTo(4);
        assertThat(instant("count" + inner, 60)).isEqualTo(2);
        assertThat(instant("stddev" + inner, 60)).isEqualTo(1);
        assertThat(instant("stdvar" + inner, 60)).isEqualTo(1);
        List<Series> top = eval("topk(1, " + inner + ")", T0 + 60 * S, T0 + 60 * S, S);
        assertThat(top).singleElement().satisfies(s -> {
            assertThat(s.labels()).isEqualTo(Map.of("route", "/b"));
            assertThat(s.points().get(0).value()).isEqualTo(4);
        });
        List<Series> bottom = eval("bottomk(1, " + inner + ")", T0 + 60 * S, T0 + 60 * S, S);
        assertThat(bottom).singleElement().satisfies(s -> assertThat(s.labels()).isEqualTo(Map.of("route", "/a")));
    }

    @Test
    void binaryOperationsWithScalarsAndBetweenVectors() {
        String all = "sum(count_over_time({service=\"api\"}[1m]))";
        assertThat(instant(all + " * 60", 60)).isEqualTo(360);
        assertThat(instant(all + " > 5", 60)).isEqualTo(6);
        assertThat(eval(all + " > 10", T0 + 60 * S, T0 + 60 * S, S)).isEmpty();
        assertThat(instant(all + " > bool 10", 60)).isEqualTo(0);
        assertThat(instant("2 * " + all + " - 2 ^ 2", 60)).isEqualTo(8);
        assertThat(instant("sum(count_over_time({service=\"api\"} |= \"level=error\" [1m])) / " + all, 60))
                .isCloseTo(2.0 / 6, within(1e-12));
        assertThat(instant("1 + 2 * 3", 60)).isEqualTo(7);
    }

    @Test
    void offsetShiftsTheWindowBack() {
        assertThat(instant("count_over_time({service=\"api\"}[30s] offset 30s)", 90)).isEqualTo(3);
    }

    @Test
    void inputsNameTheTimeRangeToScan() {
        MetricEvaluator ev = MetricEvaluator.create(LogQl.parseMetricQuery("rate({service=\"api\"} |= \"x\" [40s])"),
                T0 + 20 * S, T0 + 110 * S, 30 * S, 100);
        RangeInput in = ev.inputs().get(0);
        assertThat(in.fromNanos()).isEqualTo(T0 - 20 * S + 1);
        assertThat(in.toNanos()).isEqualTo(T0 + 110 * S + 1);
        assertThat(in.selector().requiredTokens()).containsExactly("x");
        assertThat(in.offer(STREAM, T0 - 20 * S, "x", Map.of())).isFalse();
        assertThat(in.offer(STREAM, T0 - 20 * S + 1, "x", Map.of())).isTrue();
        assertThat(in.offer(STREAM, T0 + 110 * S + 1, "x", Map.of())).isFalse();
    }

    @Test
    void precomputedSamplesCanBeFedDirectly() {
        MetricEvaluator ev = MetricEvaluator.create(
                LogQl.parseMetricQuery("sum by (level) (bytes_over_time({service=\"api\"}[1m]))"), T0 + 60 * S, T0 + 60 * S, S, 10);
        RangeInput in = ev.inputs().get(0);
        Map<String, String> error = Map.of("service", "api", "level", "ERROR");
        Map<String, String> info = Map.of("service", "api", "level", "INFO");
        assertThat(in.accept(error, T0 + 10 * S, 100)).isTrue();
        assertThat(in.accept(error, T0 + 20 * S, 50)).isTrue();
        assertThat(in.accept(info, T0 + 30 * S, 7)).isTrue();
        assertThat(in.accept(info, T0, 1000)).as("outside (t - 1m, t]").isFalse();
        assertThat(ev.result()).extracting(Series::labels, s -> s.points().get(0).value()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Map.of("level", "ERROR"), 150.0),
                org.assertj.core.groups.Tuple.tuple(Map.of("level", "INFO"), 7.0));
        assertThat(in.samples()).isEqualTo(3);
    }

    @Test
    void samplesWithPipelineErrorsAreSkipped() {
        MetricEvaluator ev = MetricEvaluator.create(LogQl.parseMetricQuery("count_over_time({service=\"api\"} | json [1m])"),
                T0 + 60 * S, T0 + 60 * S, S, 100);
        RangeInput in = ev.inputs().get(0);
        events().forEach(e -> in.offer(STREAM, e.ts(), e.line(), Map.of()));
        assertThat(ev.result()).isEmpty();
        assertThat(in.skipped()).isEqualTo(6);
    }

    @Test
    void boundsTheNumberOfSeries() {
        assertThatThrownBy(() -> eval("count_over_time({service=\"api\"} | logfmt [2m])", T0 + 120 * S, T0 + 120 * S, S, 5))
                .isInstanceOf(LogQlLimitException.class).hasMessageContaining("more than 5 series");
        assertThat(instant("sum(count_over_time({service=\"api\"} | logfmt [2m]))", 120)).isEqualTo(12);
        assertThat(eval("sum(count_over_time({service=\"api\"} | logfmt [2m]))", T0 + 120 * S, T0 + 120 * S, S, 1))
                .as("sum is pushed into the accumulation, so one series is held").hasSize(1);
    }

    @Test
    void boundsTheNumberOfPoints() {
        assertThatThrownBy(() -> MetricEvaluator.create(LogQl.parseMetricQuery("rate({a=\"b\"}[1m])"), 0, 3600 * S, 1, 10))
                .isInstanceOf(LogQlLimitException.class).hasMessageContaining("larger step");
    }

    @Test
    void aLiteralIsOneConstantSeries() {
        List<Series> out = eval("42", T0, T0 + 20 * S, 10 * S);
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.labels()).isEmpty();
            assertThat(points(s)).containsExactly(Map.entry(0L, 42.0), Map.entry(10L, 42.0), Map.entry(20L, 42.0));
        });
    }
}
