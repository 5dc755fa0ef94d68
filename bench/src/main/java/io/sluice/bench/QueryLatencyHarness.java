package io.sluice.bench;

import io.sluice.logstore.engine.LogLine;
import io.sluice.logstore.engine.LogQueryEngine;
import io.sluice.logstore.engine.LogsRequest;
import io.sluice.logstore.engine.LogsResult;
import io.sluice.logstore.engine.MetricRequest;
import io.sluice.logstore.engine.MetricResult;
import io.sluice.logstore.engine.QueryStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The query half of issue 5's must-show 3: runs the queries on a data set loaded by
 * {@link ArchiveDatasetLoader} through log-store's query engine ({@link LogQueryEngine}, i.e.
 * {@code DefaultLogQueryEngine} as the services wire it, hot tier included but empty), each
 * {@code runs} (10) times one after another, and prints Markdown: the first run, min, median and
 * p99 (nearest rank) in ms, and the engine's {@link QueryStats} of the last run (chunks read of
 * chunks in range, compressed bytes read, events scanned). Every answer is checked against what
 * the set holds (the needle found exactly once, every filtered line matching, the histogram's
 * points summing to the number of events), so a fast wrong answer cannot pass as a result.
 *
 * <p>Queries: the needle over the whole range; {@code {service="OpenSSH"} |= "Failed password"}
 * (limit 100) over the last hour and over the whole 24 h; {@code sum by (level)
 * (count_over_time({service=~".+"}[5m]))} over 24 h at a 5 min step, and the same at 1 min.
 *
 * <p>Run (after {@code ./mvnw -B -pl bench package -DskipTests} and the loader):
 * {@code java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar io.sluice.bench.QueryLatencyHarness}
 * with {@code -Ddatabase=} ({@code sluice_bench10m}), {@code -Druns=} (10; a query stops repeating
 * once its runs took {@code -DbudgetSeconds=} (60) in all), {@code -Dlimit=} (100),
 * {@code -DqueryTimeout=} (100s instead of the services' 10 s, so slow queries are timed, not stopped).
 */
public final class QueryLatencyHarness {

    private static final int RUNS = Integer.getInteger("runs", 10);
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(Integer.getInteger("budgetSeconds", 60));
    private static final int LIMIT = Integer.getInteger("limit", 100);
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private QueryLatencyHarness() {
    }

    public static void main(String[] args) throws Exception {
        String database = System.getProperty("database", "sluice_bench10m");
        DatasetManifest set = DatasetManifest.read(database)
                .orElseThrow(() -> new IllegalStateException(database + " holds no data set: run ArchiveDatasetLoader first"));
        // The services stop a query after 10 s (sluice.logstore.query-timeout); a benchmark wants the time it takes.
        String timeout = System.getProperty("queryTimeout", "100s");
        try (ArchiveContext archive = new ArchiveContext(database, set.slice(), Map.of("sluice.logstore.query-timeout", timeout))) {
            LogQueryEngine engine = archive.bean(LogQueryEngine.class);
            run(engine, set);
        }
    }

    private static void run(LogQueryEngine engine, DatasetManifest set) {
        long from = set.startNanos();
        long to = set.startNanos() + set.spanNanos();
        long hourAgo = to - TimeUnit.HOURS.toNanos(1);
        String loadAtStart = loadAverage();
        System.out.printf(Locale.ROOT, "%,d events, %s + %d h, chunk slice %s, written by code at archive schema V%d (this code: V%d);"
                + " up to %d runs per query, one after another%n%n", set.events(), java.time.Instant.ofEpochSecond(0, from),
                TimeUnit.NANOSECONDS.toHours(set.spanNanos()), set.slice(), set.writerSchema(), DatasetManifest.currentSchema(), RUNS);
        System.out.println("| query | result | first / min / median / p99 ms | chunks read / in range | MB read | events scanned |");
        System.out.println("|---|---|---|---|---|---|");
        String needle = "{service=~\".+\"} |= \"" + set.needle() + "\"";
        logs(engine, "needle, whole range", set.tenant(), needle, from, to, result -> {
            boolean ok = result.lines().size() == 1 && result.lines().get(0).event().message().contains(set.needle());
            return (ok ? "1 line ✓" : "WRONG: " + result.lines().size() + " lines");
        });
        String filter = "{service=\"OpenSSH\"} |= \"Failed password\"";
        Function<LogsResult, String> filtered = result -> {
            // A small set may hold fewer than the limit in the last hour; a wrong line is wrong at any size.
            boolean ok = result.lines().size() <= LIMIT && result.lines().stream()
                    .allMatch(l -> l.event().message().contains("Failed password") && "OpenSSH".equals(service(l)));
            return result.lines().size() + " lines" + (ok ? " ✓" : " WRONG");
        };
        logs(engine, "label + line filter, last 1 h", set.tenant(), filter, hourAgo, to, filtered);
        logs(engine, "label + line filter, 24 h", set.tenant(), filter, from, to, filtered);
        String histogram5 = "sum by (level) (count_over_time({service=~\".+\"}[5m]))";
        metric(engine, "`" + histogram5 + "`, 24 h, step 5 m", set, histogram5, TimeUnit.MINUTES.toNanos(5));
        String histogram1 = "sum by (level) (count_over_time({service=~\".+\"}[1m]))";
        metric(engine, "`" + histogram1 + "`, 24 h, step 1 m", set, histogram1, TimeUnit.MINUTES.toNanos(1));
        System.out.printf(Locale.ROOT, "%nmachine load average (1/5/15 min) at the start: %s; at the end: %s%n", loadAtStart, loadAverage());
    }

    /** The machine's load average from {@code /proc/loadavg}, for the record of how busy the machine was. */
    static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String service(LogLine line) {
        return line.event().service();
    }

    private static void logs(LogQueryEngine engine, String name, String tenant, String query, long from, long to,
            Function<LogsResult, String> check) {
        Timed<LogsResult> t = time(() -> engine.logs(new LogsRequest(tenant, query, from, to, LIMIT, true, null)));
        row(name + " `" + query + "`", t, t.last == null ? "failed" : check.apply(t.last), t.last == null ? null : t.last.stats());
    }

    private static void metric(LogQueryEngine engine, String name, DatasetManifest set, String query, long step) {
        // Evaluation times on multiples of the step, as Grafana and the console send them; windows (t - step, t]
        // from the first holding the set's first event to the one holding its last: every event counted exactly once.
        long start = Math.floorDiv(set.startNanos() - 1, step) * step + step;
        long end = Math.floorDiv(set.startNanos() + set.spanNanos() - 1, step) * step + step;
        Timed<MetricResult> t = time(() -> engine.metric(new MetricRequest(set.tenant(), query, start, end, step)));
        String check = "failed";
        if (t.last != null) {
            double sum = t.last.series().stream().flatMap(s -> s.points().stream()).mapToDouble(MetricResult.Point::value).sum();
            check = t.last.series().size() + " series, sum " + String.format(Locale.ROOT, "%,.0f", sum)
                    + ((long) sum == set.events() ? " ✓" : " WRONG (" + set.events() + " events)");
        }
        row(name, t, check, t.last == null ? null : t.last.stats());
    }

    private static void row(String name, Timed<?> t, String check, QueryStats stats) {
        String times = t.nanos.length == 0 ? "—" : String.format(Locale.ROOT, "%.0f / %.0f / **%.0f** / %.0f (%d runs)", t.first / 1e6,
                t.nanos[0] / 1e6, t.nanos[t.nanos.length / 2] / 1e6, t.nanos[(int) Math.ceil(0.99 * t.nanos.length) - 1] / 1e6,
                t.nanos.length);
        String cost = stats == null ? "— | — | —" : String.format(Locale.ROOT, "%,d / %,d | %.1f | %,d", stats.chunksRead(),
                stats.chunksTotal(), stats.bytesRead() / 1e6, stats.eventsScanned());
        System.out.printf(Locale.ROOT, "| %s | %s%s | %s | %s |%n", name.replace("|", "\\|"), check,
                t.error == null ? "" : " (" + t.error + ")", times, cost);
    }

    private static <T> Timed<T> time(java.util.function.Supplier<Mono<T>> query) {
        List<Long> nanos = new ArrayList<>();
        T last = null;
        String error = null;
        long spent = 0;
        for (int i = 0; i < RUNS && spent < BUDGET_NANOS; i++) {
            long t0 = System.nanoTime();
            try {
                last = query.get().block(TIMEOUT);
                nanos.add(System.nanoTime() - t0);
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            spent += System.nanoTime() - t0;
        }
        long first = nanos.isEmpty() ? 0 : nanos.get(0);
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Timed<>(first, sorted, last, error);
    }

    private record Timed<T>(long first, long[] nanos, T last, String error) {
    }
}
