package io.sluice.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricConditionTest {

    /** 120 matches in the last minute, 300 in the last five. */
    private static final MetricCondition.Counts COUNTS = seconds -> Map.of(60, 120L, 300, 300L).getOrDefault(seconds, 0L);

    @Test
    void rateIsTheCountPerSecondOfItsRange() {
        MetricCondition c = MetricCondition.parse("rate({service=\"api\"} |= \"error\" [1m]) > 1.5");

        assertThat(c.value(COUNTS)).isEqualTo(2.0);
        assertThat(c.holds(2.0)).isTrue();
        assertThat(c.holds(1.5)).isFalse();
        assertThat(c.windowSeconds()).isEqualTo(60);
        assertThat(c.matchQuery()).isEqualTo("{service=\"api\"} |= \"error\"");
    }

    @Test
    void sumsAndArithmeticCombineRangesOfTheSameQuery() {
        MetricCondition c = MetricCondition.parse("sum(count_over_time({level=\"ERROR\"}[1m])) / sum(rate({level=\"ERROR\"}[5m])) >= 120");

        assertThat(c.value(COUNTS)).isEqualTo(120.0);
        assertThat(c.holds(120.0)).isTrue();
        assertThat(c.windowSeconds()).isEqualTo(300);
    }

    @Test
    void aNumberOnTheLeftFlipsTheComparison() {
        MetricCondition c = MetricCondition.parse("10 > count_over_time({service=\"api\"}[5m])");

        assertThat(c.holds(3)).isTrue();
        assertThat(c.holds(10)).isFalse();
    }

    @Test
    void everyComparisonOperatorIsHonouredAndNaNNeverHolds() {
        assertThat(MetricCondition.parse("count_over_time({}[1m]) == 120").holds(120)).isTrue();
        assertThat(MetricCondition.parse("count_over_time({}[1m]) != 120").holds(120)).isFalse();
        assertThat(MetricCondition.parse("count_over_time({}[1m]) <= 0").holds(0)).isTrue();
        assertThat(MetricCondition.parse("count_over_time({}[1m]) < 0").holds(0)).isFalse();
        assertThat(MetricCondition.parse("count_over_time({}[1m]) != 1").holds(Double.NaN)).isFalse();
    }

    @Test
    void quotesAndBackslashesSurviveTheRenderedLogQuery() {
        MetricCondition c = MetricCondition.parse("count_over_time({service=~\"a|b\"} |~ \"x\\\\d+\" != \"say \\\"hi\\\"\" [10s]) > 0");

        assertThat(c.matchQuery()).isEqualTo("{service=~\"a|b\"} |~ \"x\\\\d+\" != \"say \\\"hi\\\"\"");
    }
}
