package io.sluice.admin.loki;

import io.sluice.admin.loki.QueryData.MatrixResult;
import io.sluice.admin.loki.QueryData.StreamResult;
import io.sluice.admin.loki.QueryData.VectorResult;
import io.sluice.logstore.engine.LogLine;
import io.sluice.logstore.engine.MetricResult;
import io.sluice.logstore.engine.QueryStats;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns query engine results into Loki's JSON shapes: log lines grouped into streams by label set
 * (entries {@code ["<unix nanos>", "<line>"]}, each stream keeping the requested order), metric
 * series into a matrix or a vector of {@code [<unix seconds>, "<value>"]} (seconds with millisecond
 * precision as Prometheus writes them, values as Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}:
 * {@code "2"}, {@code "0.5"}, {@code "NaN"}, {@code "+Inf"}), and query costs into Loki's
 * {@code stats} layout. Labels are sorted by name, as Loki writes them.
 */
final class LokiJson {

    private static final double NANOS_PER_SECOND = 1e9;

    private LokiJson() {
    }

    /** The streams of {@code lines}: one per distinct label set, in order of first appearance. */
    static List<StreamResult> streams(List<LogLine> lines) {
        Map<Map<String, String>, List<List<String>>> streams = new LinkedHashMap<>();
        for (LogLine line : lines) {
            streams.computeIfAbsent(new TreeMap<>(line.labels()), k -> new ArrayList<>())
                    .add(List.of(Long.toString(line.event().timestampNanos()), line.line()));
        }
        List<StreamResult> result = new ArrayList<>(streams.size());
        streams.forEach((labels, values) -> result.add(new StreamResult(labels, values)));
        return result;
    }

    /** The matrix of {@code result}; series without points are left out, as Loki does. */
    static List<MatrixResult> matrix(MetricResult result) {
        List<MatrixResult> matrix = new ArrayList<>(result.series().size());
        for (MetricResult.Series series : result.series()) {
            if (series.points().isEmpty()) {
                continue;
            }
            List<List<Object>> values = new ArrayList<>(series.points().size());
            for (MetricResult.Point p : series.points()) {
                values.add(sample(p.tsNanos(), p.value()));
            }
            matrix.add(new MatrixResult(new TreeMap<>(series.metric()), values));
        }
        return matrix;
    }

    /**
     * The vector of an instant query evaluated at {@code timeNanos}: each series' sample at that
     * time (its last point), series without one left out.
     */
    static List<VectorResult> vector(MetricResult result, long timeNanos) {
        List<VectorResult> vector = new ArrayList<>(result.series().size());
        for (MetricResult.Series series : result.series()) {
            if (series.points().isEmpty()) {
                continue;
            }
            MetricResult.Point last = series.points().get(series.points().size() - 1);
            vector.add(new VectorResult(new TreeMap<>(series.metric()), sample(timeNanos, last.value())));
        }
        return vector;
    }

    /** A {@code [<unix seconds>, "<value>"]} pair. */
    static List<Object> sample(long tsNanos, double value) {
        return List.of(seconds(tsNanos), value(value));
    }

    /** Unix seconds with millisecond precision: a whole number when there is no fraction. */
    static Number seconds(long tsNanos) {
        long millis = Math.floorDiv(tsNanos, 1_000_000L);
        if (millis % 1000 == 0) {
            return millis / 1000;
        }
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros();
    }

    /** A sample value as Prometheus and Loki write it: shortest form, no exponent. */
    static String value(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == 0) {
            return "0";
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /**
     * Loki's {@code stats} for {@code stats} with {@code returned} entries or samples: the
     * {@code summary} Grafana shows in its query inspector, the archive's work as {@code querier.store}
     * (chunks referenced and decoded, compressed bytes, lines decoded) and the hot tier's as
     * {@code ingester} (Loki's ingesters hold its recent data, as Sluice's hot tier does).
     */
    static Map<String, Object> stats(QueryStats stats, long returned) {
        double execSeconds = stats.tookNanos() / NANOS_PER_SECOND;
        long lines = stats.eventsScanned();
        long bytes = stats.bytesRead();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("bytesProcessedPerSecond", perSecond(bytes, execSeconds));
        summary.put("linesProcessedPerSecond", perSecond(lines, execSeconds));
        summary.put("totalBytesProcessed", bytes);
        summary.put("totalLinesProcessed", lines);
        summary.put("execTime", execSeconds);
        summary.put("queueTime", 0);
        summary.put("subqueries", 0);
        summary.put("totalEntriesReturned", returned);

        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("compressedBytes", bytes);
        chunk.put("decompressedLines", Math.max(0, lines - stats.hotEventsScanned()));
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("totalChunksRef", stats.chunksTotal());
        store.put("totalChunksDownloaded", stats.chunksRead());
        store.put("chunk", chunk);

        Map<String, Object> ingester = new LinkedHashMap<>();
        ingester.put("totalReached", stats.hotEventsScanned() > 0 ? 1 : 0);
        ingester.put("totalLinesSent", stats.hotEventsScanned());

        Map<String, Object> all = new LinkedHashMap<>();
        all.put("summary", summary);
        all.put("querier", Map.of("store", store));
        all.put("ingester", ingester);
        return all;
    }

    /** Stats of an answer that read nothing (a constant expression). */
    static Map<String, Object> noStats(long returned) {
        return stats(new QueryStats(0, 0, 0, 0, 0, 0), returned);
    }

    private static long perSecond(long amount, double seconds) {
        return seconds <= 0 ? 0 : Math.round(amount / seconds);
    }
}
