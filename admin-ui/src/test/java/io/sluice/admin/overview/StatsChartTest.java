package io.sluice.admin.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsChartTest {

    private static final OverviewWindow WINDOW = OverviewWindow.endingAt(Instant.parse("2026-11-24T12:34:56Z"));

    private static StatsSnapshot stats(StatsSnapshot.Bucket... buckets) {
        return new StatsSnapshot(WINDOW.fromMillis(), WINDOW.toMillis(), 60_000, List.of(buckets), null);
    }

    private static StatsSnapshot.Bucket bucket(int minute, Map<String, Long> levels) {
        long total = levels.values().stream().mapToLong(Long::longValue).sum();
        return new StatsSnapshot.Bucket(WINDOW.fromMillis() + minute * 60_000L, total, levels, Map.of());
    }

    @Test
    void theWindowIsTheLastHourEndingWithTheCurrentMinute() {
        assertThat(Instant.ofEpochMilli(WINDOW.toMillis())).isEqualTo(Instant.parse("2026-11-24T12:35:00Z"));
        assertThat(Instant.ofEpochMilli(WINDOW.fromMillis())).isEqualTo(Instant.parse("2026-11-24T11:35:00Z"));
    }

    @Test
    void everyMinuteGetsABarEvenWithoutABucket() {
        StatsChart chart = StatsChart.of(stats(bucket(59, Map.of("INFO", 3L))), WINDOW);

        assertThat(chart.bars()).hasSize(60);
        assertThat(chart.bars().subList(0, 59)).allSatisfy(b -> assertThat(b.segments()).isEmpty());
        assertThat(chart.bars().get(59).total()).isEqualTo(3);
        assertThat(chart.bars().get(59).title()).isEqualTo("12:34 UTC: 3 events (INFO 3)");
        assertThat(chart.bars().get(0).title()).isEqualTo("11:35 UTC: 0 events");
        assertThat(chart.empty()).isFalse();
    }

    @Test
    void levelsStackFromLeastToMostSevereAndFillTheirShareOfTheScale() {
        StatsChart chart = StatsChart.of(stats(bucket(10, Map.of("ERROR", 10L, "INFO", 30L, "CUSTOM", 10L))), WINDOW);

        List<StatsChart.Segment> segments = chart.bars().get(10).segments();
        assertThat(segments).extracting(StatsChart.Segment::level).containsExactly("INFO", "ERROR", "CUSTOM");
        assertThat(segments).extracting(StatsChart.Segment::cssClass).containsExactly("lvl-info", "lvl-error", "lvl-other");
        assertThat(chart.maxCount()).isEqualTo(50);
        double plot = StatsChart.BOTTOM - StatsChart.TOP;
        assertThat(segments.get(0).height()).isEqualTo(Math.round(30.0 / 50 * plot * 100) / 100.0);
        assertThat(segments.get(0).y() + segments.get(0).height()).isEqualTo(StatsChart.BOTTOM);
        assertThat(segments.get(2).y()).isEqualTo(StatsChart.TOP);
        assertThat(chart.levels()).extracting(StatsChart.Legend::level).containsExactly("INFO", "ERROR", "CUSTOM");
    }

    @Test
    void bucketsOutsideTheWindowAreIgnored() {
        StatsChart chart = StatsChart.of(stats(bucket(-1, Map.of("INFO", 5L)), bucket(60, Map.of("INFO", 5L))), WINDOW);

        assertThat(chart.bars()).allSatisfy(b -> assertThat(b.total()).isZero());
        assertThat(chart.empty()).isTrue();
    }

    @Test
    void theScaleEndsOnARoundNumber() {
        assertThat(StatsChart.scaleTop(0)).isEqualTo(1);
        assertThat(StatsChart.scaleTop(3)).isEqualTo(3);
        assertThat(StatsChart.scaleTop(7)).isEqualTo(8);
        assertThat(StatsChart.scaleTop(50)).isEqualTo(50);
        assertThat(StatsChart.scaleTop(51)).isEqualTo(60);
        assertThat(StatsChart.scaleTop(1205)).isEqualTo(1500);
        assertThat(StatsChart.scaleTop(100_000)).isEqualTo(100_000);
    }

    @Test
    void gridLinesRunFromZeroToTheTopOfTheScale() {
        StatsChart chart = StatsChart.of(stats(bucket(0, Map.of("WARN", 40L))), WINDOW);

        assertThat(chart.yTicks()).extracting(StatsChart.Tick::label).containsExactly("0", "10", "20", "30", "40");
        assertThat(chart.yTicks().get(0).position()).isEqualTo(StatsChart.BOTTOM);
        assertThat(chart.yTicks().get(4).position()).isEqualTo(StatsChart.TOP);
        assertThat(chart.xTicks()).extracting(StatsChart.Tick::label).containsExactly("11:35", "11:45", "11:55", "12:05", "12:15", "12:25");
    }

    @Test
    void anAnswerWithoutAWindowIsLaidOutOverTheRequestedOne() {
        StatsSnapshot partial = new StatsSnapshot(0, 0, 0, null, null);

        StatsChart chart = StatsChart.of(partial, WINDOW);

        assertThat(chart.bars()).hasSize(60);
        assertThat(chart.empty()).isTrue();
    }
}
