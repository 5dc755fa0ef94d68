package io.sluice.logstore.engine;

import java.util.List;
import java.util.Map;

/**
 * The value of a metric query: one series per label set.
 *
 * @param series the series, each with its points in time order
 * @param stats what the query cost
 */
public record MetricResult(List<Series> series, QueryStats stats) {

    public MetricResult {
        series = List.copyOf(series);
    }

    /** One series: its labels and its points. */
    public record Series(Map<String, String> metric, List<Point> points) {

        public Series {
            metric = Map.copyOf(metric);
            points = List.copyOf(points);
        }
    }

    /** The value of a series at one evaluation time. */
    public record Point(long tsNanos, double value) {
    }
}
