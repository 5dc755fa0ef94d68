package io.sluice.common.query.logql;

import java.util.List;
import java.util.Map;

/**
 * One series of a metric query's value: its labels and its points in time order (a step with no
 * value has no point, as in Loki).
 *
 * @param labels the series' labels
 * @param points the points, oldest first
 */
public record Series(Map<String, String> labels, List<Point> points) {

    public Series {
        labels = Map.copyOf(labels);
        points = List.copyOf(points);
    }

    /**
     * The value at one evaluation time.
     *
     * @param tsNanos the evaluation time
     * @param value the value
     */
    public record Point(long tsNanos, double value) {
    }
}
