package io.sluice.logstore.engine;

import io.lettuce.core.XAddArgs;
import io.sluice.common.event.EventIds;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.logstore.LogStoreConfiguration;
import io.sluice.logstore.chunk.Loghub;
import io.sluice.logstore.hot.HotEntryCodec;
import io.sluice.logstore.hot.HotTierKeys;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.platform.redis.SluiceRedis;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import reactor.core.publisher.Flux;

/**
 * Run by hand (not part of the test suite): times the queries through the engine as the
 * application wires it, on a data set kept between runs so code before and after a change is
 * measured on the same rows. The data set (database {@code h_engine_bench}, Redis prefix
 * {@code h_engine:bench:}) is written on the first run: {@code -Devents} (1,000,000) Loghub lines of 8
 * services × 4 hosts spread evenly over one day, written in time order in ingest-sized calls (so
 * chunks are what one day of writing leaves before compaction: one per stream and minute), one
 * needle line; every 10th event is also in the hot tier with an XADD id of today, as late events of
 * a load run leave it. Then each query runs {@code -Druns} (5) times; median and fastest are printed
 * with the engine's cost figures.
 */
public final class QueryEngineHarness {

    static final String TENANT = "bench";
    static final String NEEDLE = "rare-needle-42";
    static final long T0 = 1_764_028_800_000_000_000L; // 2025-11-25T00:00Z
    static final long DAY = Duration.ofDays(1).toNanos();

    private QueryEngineHarness() {
    }

    public static void main(String[] args) throws Exception {
        int total = Integer.getInteger("events", 1_000_000);
        int runs = Integer.getInteger("runs", 5);
        String db = System.getProperty("db", "h_engine_bench");
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + db + "`");
        }
        Map<String, Object> props = new HashMap<>();
        props.put("sluice.logstore.retention.enabled", "false");
        props.put("sluice.mysql.url", "mysql://root@127.0.0.1:3306/" + db);
        props.put("sluice.mysql.pool-size", "4");
        props.put("sluice.redis.key-prefix", "h_engine:bench:");
        props.put("sluice.logstore.query-timeout", "120s");
        props.put("sluice.logstore.compaction.enabled", System.getProperty("compaction", "false"));
        // Any -Dsluice.… property overrides (e.g. compaction settings for a compacted copy of the data set).
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("sluice."))
                .forEach(k -> props.put(k, System.getProperty(k)));
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("harness", props));
            context.register(LogStoreConfiguration.class);
            context.refresh();
            long chunks = count(db, "SELECT COUNT(*) FROM log_chunk");
            if (chunks == 0) {
                write(context, total);
                chunks = count(db, "SELECT COUNT(*) FROM log_chunk");
            }
            // -Dcompaction=true -DcompactFor=600: let the compaction job run until the live chunk count stops falling.
            long compactFor = Long.getLong("compactFor", 0);
            long before = Long.MAX_VALUE;
            for (long waited = 0; waited < compactFor; waited += 10) {
                Thread.sleep(10_000);
                long live = count(db, "SELECT COUNT(*) FROM log_chunk WHERE superseded_at IS NULL");
                System.out.printf(Locale.ROOT, "compacting: %d live chunks%n", live);
                if (live == before) {
                    break;
                }
                before = live;
            }
            chunks = count(db, "SELECT COUNT(*) FROM log_chunk WHERE superseded_at IS NULL");
            System.out.printf(Locale.ROOT, "data set: %d events in %d chunks (%.1f events/chunk), hot tier %d entries%n",
                    count(db, "SELECT SUM(events) FROM log_chunk WHERE superseded_at IS NULL"), chunks,
                    (double) count(db, "SELECT SUM(events) FROM log_chunk WHERE superseded_at IS NULL") / chunks,
                    context.getBean(SluiceRedis.class).binary().xlen(HotTierKeys.stream(
                            context.getBean(SluiceRedis.class).keys(), TENANT)).block());
            LogQueryEngine engine = context.getBean(LogQueryEngine.class);
            long to = T0 + DAY;
            logs(engine, runs, "needle, whole day", "{service=~\".+\"} |= \"" + NEEDLE + "\"", T0, to, 100);
            logs(engine, runs, "label + line filter, last 1 h", "{service=\"OpenSSH\"} |= \"Failed password\"", to - DAY / 24, to, 100);
            logs(engine, runs, "label + line filter, 24 h", "{service=\"OpenSSH\"} |= \"Failed password\"", T0, to, 100);
            metric(engine, runs, "count by level, 24 h, step 5m", "sum by (level) (count_over_time({service=~\".+\"}[5m]))",
                    T0, to, Duration.ofMinutes(5).toNanos());
            metric(engine, runs, "count by level, 24 h, step 1m", "sum by (level) (count_over_time({service=~\".+\"}[1m]))",
                    T0, to, Duration.ofMinutes(1).toNanos());
        }
    }

    private static void write(AnnotationConfigApplicationContext context, int total) {
        List<Loghub.Dataset> sets = Loghub.datasets();
        String[] levels = {"INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "WARN", "ERROR", "DEBUG"};
        Random random = new Random(7);
        SluiceRedis redis = context.getBean(SluiceRedis.class);
        String hotKey = HotTierKeys.stream(redis.keys(), TENANT);
        ArchiveSink sink = context.getBean(ArchiveSink.class);
        long spacing = DAY / total;
        int made = 0;
        int entryNo = 0;
        long start = System.nanoTime();
        while (made < total) {
            List<ArchiveEntry> call = new ArrayList<>();
            List<ArchivedEvent> hot = new ArrayList<>();
            for (int n = 0; n < 40 && made < total; n++) {
                EventIds.Batch ids = EventIds.batch();
                List<ArchivedEvent> events = new ArrayList<>(500);
                for (int i = 0; i < 500 && made < total; i++, made++) {
                    Loghub.Dataset d = sets.get(random.nextInt(sets.size()));
                    String line = d.lines().get(random.nextInt(d.lines().size())) + (made == total / 2 + 17 ? " " + NEEDLE : "");
                    ArchivedEvent e = new ArchivedEvent(ids.next(), TENANT, T0 + made * spacing + random.nextLong(spacing), d.name(),
                            "host-" + random.nextInt(4), levels[random.nextInt(levels.length)], line, null, null, 0L, "");
                    events.add(e);
                    if (made % 10 == 0) {
                        hot.add(e);
                    }
                }
                call.add(new ArchiveEntry("bench/" + entryNo++, events));
            }
            sink.write(call).block(Duration.ofMinutes(5));
            if (!hot.isEmpty()) {
                List<LogEvent> protos = hot.stream().map(e -> LogEvent.newBuilder()
                        .setId(e.id()).setTenant(e.tenant()).setTimestampUnixNanos(e.timestampNanos()).setService(e.service())
                        .setHost(e.host()).setLevel(e.level()).setMessage(e.message()).build()).toList();
                redis.binary().xadd(hotKey, new XAddArgs(), Map.of(
                        HotEntryCodec.COUNT, Integer.toString(protos.size()).getBytes(StandardCharsets.US_ASCII),
                        HotEntryCodec.EVENTS, HotEntryCodec.encode(protos))).block();
            }
        }
        System.out.printf(Locale.ROOT, "wrote %d events in %.1f s%n", total, (System.nanoTime() - start) / 1e9);
    }

    private static void logs(LogQueryEngine engine, int runs, String name, String query, long from, long to, int limit) {
        if (!name.contains(System.getProperty("only", ""))) {
            return;
        }
        long[] nanos = new long[runs];
        LogsResult last = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            last = engine.logs(new LogsRequest(TENANT, query, from, to, limit, true, null)).block(Duration.ofMinutes(3));
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "| %s `%s` (%d lines) | %.0f ms median, %.0f fastest | %s |%n", name, query,
                last.lines().size(), nanos[runs / 2] / 1e6, nanos[0] / 1e6, last.stats());
    }

    private static void metric(LogQueryEngine engine, int runs, String name, String query, long from, long to, long step) {
        if (!name.contains(System.getProperty("only", ""))) {
            return;
        }
        long[] nanos = new long[runs];
        MetricResult last = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            last = engine.metric(new MetricRequest(TENANT, query, from, to, step)).block(Duration.ofMinutes(3));
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        double sum = last.series().stream().flatMap(s -> s.points().stream()).mapToDouble(MetricResult.Point::value).sum();
        System.out.printf(Locale.ROOT, "| %s `%s` (%d series, sum of points %.0f) | %.0f ms median, %.0f fastest | %s |%n", name,
                query, last.series().size(), sum, nanos[runs / 2] / 1e6, nanos[0] / 1e6, last.stats());
    }

    private static long count(String db, String sql) throws java.sql.SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/" + db, "root", "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
