package io.sluice.logstore.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.EventIds;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.scan.ChunkRef;
import io.sluice.logstore.scan.MysqlChunkScan;
import io.sluice.logstore.scan.ScanRequest;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metric queries answered from index rows alone give the same answer as decoding every chunk, and
 * both the truth computed here, on real MariaDB: chunks cut per minute (the write slice) and chunks
 * spanning an hour (as compaction leaves them), with events on minute boundaries too.
 */
class IndexMetricTest {

    static final long MIN = 60_000_000_000L;
    static final long T0 = 29_400_000L * MIN;
    static final String[] LEVELS = {"INFO", "INFO", "WARN", "ERROR"};
    static final List<ArchivedEvent> EVENTS = new ArrayList<>();

    static TestArchive perMinute;
    static TestArchive perHour;
    static TestArchive perHourV1;

    @BeforeAll
    static void start() {
        Random random = new Random(11);
        List<ArchiveEntry> entries = new ArrayList<>();
        for (int entry = 0; entry < 8; entry++) {
            EventIds.Batch ids = EventIds.batch();
            List<ArchivedEvent> events = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                // Millisecond times over three hours; every 25th exactly on a minute boundary.
                long ts = i % 25 == 0 ? T0 + random.nextInt(180) * MIN : T0 + random.nextInt(180 * 60_000) * 1_000_000L;
                events.add(new ArchivedEvent(ids.next(), "im", ts, random.nextBoolean() ? "a" : "b", "h" + random.nextInt(2),
                        LEVELS[random.nextInt(LEVELS.length)], "line " + "x".repeat(random.nextInt(20)) + i, null, null));
            }
            EVENTS.addAll(events);
            entries.add(new ArchiveEntry("im/" + entry, events));
        }
        perMinute = archive("1m", entries, "h_engine:im:1m:");
        perHour = archive("1h", entries, "h_engine:im:1h:");
        perHourV1 = archive("1h", entries, "h_cells:im:1h-v1:");
        rewriteHistogramsAsVersionOne(perHourV1);
    }

    /** Gives every index row the histogram a writer before version 2 stored: cells [m, m + 1 min), first minute floor(min_ts). */
    private static void rewriteHistogramsAsVersionOne(TestArchive archive) {
        MysqlChunkScan scan = archive.bean(MysqlChunkScan.class);
        List<ChunkRef> refs = scan.find(new ScanRequest("im", Long.MIN_VALUE + 1, Long.MAX_VALUE, List.of(), List.of(), Set.of(), false))
                .collectList().block(Duration.ofSeconds(30));
        try (Connection c = archive.database().connect();
                PreparedStatement update = c.prepareStatement("UPDATE log_chunk SET histogram = ? WHERE chunk_id = ?")) {
            for (ChunkRef ref : refs) {
                TreeMap<Long, TreeMap<String, Long>> cells = new TreeMap<>();
                for (ArchivedEvent e : scan.read(ref).block(Duration.ofSeconds(30))) {
                    cells.computeIfAbsent(Math.floorDiv(e.timestampNanos(), MIN), m -> new TreeMap<>()).merge(e.level(), 1L, Long::sum);
                }
                List<String> levels = cells.values().stream().flatMap(m -> m.keySet().stream()).distinct().toList();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(1);
                varint(out, levels.size());
                for (String level : levels) {
                    byte[] utf8 = level.getBytes(StandardCharsets.UTF_8);
                    varint(out, utf8.length);
                    out.writeBytes(utf8);
                }
                varint(out, cells.size());
                long previous = Math.floorDiv(ref.minTsNanos(), MIN);
                for (Map.Entry<Long, TreeMap<String, Long>> minute : cells.entrySet()) {
                    varint(out, minute.getKey() - previous);
                    previous = minute.getKey();
                    varint(out, minute.getValue().size());
                    minute.getValue().forEach((level, n) -> {
                        varint(out, levels.indexOf(level));
                        varint(out, n);
                    });
                }
                update.setBytes(1, out.toByteArray());
                update.setLong(2, ref.chunkId());
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static TestArchive archive(String slice, List<ArchiveEntry> entries, String redisPrefix) {
        TestArchive archive = new TestArchive("h_engine_", Map.of("sluice.logstore.chunk.slice", slice,
                "sluice.logstore.compaction.enabled", "false", "sluice.redis.key-prefix", redisPrefix));
        archive.bean(ArchiveSink.class).write(entries).block(Duration.ofSeconds(60));
        return archive;
    }

    @AfterAll
    static void stop() {
        perMinute.close();
        perHour.close();
        perHourV1.close();
    }

    private static MetricResult run(TestArchive archive, String query, long start, long end, long step) {
        return archive.bean(LogQueryEngine.class).metric(new MetricRequest("im", query, start, end, step)).block(Duration.ofSeconds(60));
    }

    /** Each series' points from the events: windows {@code (t - range, t]}. */
    private static Map<Map<String, String>, Map<Long, Double>> truth(long start, long end, long step, long range,
            Function<ArchivedEvent, Map<String, String>> labels, Function<ArchivedEvent, Double> value, double divisor) {
        Map<Map<String, String>, Map<Long, Double>> out = new HashMap<>();
        for (long t = start; t <= end; t += step) {
            for (ArchivedEvent e : EVENTS) {
                if (e.timestampNanos() > t - range && e.timestampNanos() <= t) {
                    out.computeIfAbsent(labels.apply(e), k -> new TreeMap<>()).merge(t, value.apply(e), Double::sum);
                }
            }
        }
        out.values().forEach(points -> points.replaceAll((t, v) -> v / divisor));
        return out;
    }

    private static Map<Map<String, String>, Map<Long, Double>> table(MetricResult r) {
        Map<Map<String, String>, Map<Long, Double>> out = new HashMap<>();
        r.series().forEach(s -> s.points().forEach(p -> out.computeIfAbsent(s.metric(), k -> new TreeMap<>()).put(p.tsNanos(), p.value())));
        return out;
    }

    /** Runs {@code selector} in {@code template} as is (index path) and with a line filter every line passes (data path). */
    private static void bothPathsEqual(TestArchive archive, String template, String selector, long start, long end, long step,
            Map<Map<String, String>, Map<Long, Double>> want, long indexChunksRead) {
        MetricResult indexed = run(archive, template.replace("SEL", selector), start, end, step);
        MetricResult decoded = run(archive, template.replace("SEL", selector + " |~ \".\""), start, end, step);
        assertThat(table(decoded)).isEqualTo(want);
        assertThat(table(indexed)).isEqualTo(want);
        assertThat(decoded.stats().chunksRead()).isEqualTo(decoded.stats().chunksTotal());
        if (indexChunksRead >= 0) {
            assertThat(indexed.stats().chunksRead()).isEqualTo(indexChunksRead);
            assertThat(indexed.stats().chunksTotal()).isGreaterThan(5 * indexChunksRead);
        }
    }

    /**
     * Per-minute chunks a minute-aligned edge cuts: those holding an event exactly at their minute's
     * start and a later one. Windows are {@code (t - range, t]}, so that event belongs to the
     * window ending there and the rest of the chunk to the next — as it belongs to histogram cell
     * {@code (m - 1 min, m]}, so the index row still answers them.
     */
    private static long perMinuteChunksCutAtTheirStart() {
        Map<List<Object>, long[]> chunks = new HashMap<>();
        for (ArchivedEvent e : EVENTS) {
            long[] c = chunks.computeIfAbsent(List.of(e.service(), e.host(), Math.floorDiv(e.timestampNanos(), MIN)),
                    k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            c[0] = Math.min(c[0], e.timestampNanos());
            c[1] = Math.max(c[1], e.timestampNanos());
        }
        return chunks.values().stream().filter(c -> c[0] % MIN == 0 && c[1] > c[0]).count();
    }

    @Test
    void countsByLevelPerMinuteComeFromIndexRowsAloneAndEqualTheDecodedAnswer() {
        long start = T0;
        long end = T0 + 181 * MIN;
        Map<Map<String, String>, Map<Long, Double>> want = truth(start, end, MIN, MIN, e -> Map.of("level", e.level()), e -> 1.0, 1);
        assertThat(perMinuteChunksCutAtTheirStart()).isPositive();
        bothPathsEqual(perMinute, "sum by (level) (count_over_time(SEL[1m]))", "{}", start, end, MIN, want, 0);
        bothPathsEqual(perHour, "sum by (level) (count_over_time(SEL[1m]))", "{}", start, end, MIN, want, 0);
    }

    /**
     * Issue 5: hour-long chunks (as compaction leaves them) holding events exactly on minute
     * boundaries, minute-aligned window edges — every edge lies on a cell's end, so no chunk is
     * decoded, for 1-minute and 5-minute steps and for a 7-minute step starting off the hour (edges
     * at no fixed place in the chunk), and the answer is exactly the decoded one.
     */
    @Test
    void minuteAlignedStepsOverHourLongChunksDecodeNoChunk() {
        assertThat(EVENTS).filteredOn(e -> e.timestampNanos() % MIN == 0).hasSizeGreaterThan(50);
        String sel = "{service=~\".+\"}";
        long start = T0;
        long end = T0 + 181 * MIN;
        bothPathsEqual(perHour, "sum by (level) (count_over_time(SEL[1m]))", sel, start, end, MIN,
                truth(start, end, MIN, MIN, e -> Map.of("level", e.level()), e -> 1.0, 1), 0);
        bothPathsEqual(perHour, "sum by (level) (count_over_time(SEL[5m]))", sel, start, end, 5 * MIN,
                truth(start, end, 5 * MIN, 5 * MIN, e -> Map.of("level", e.level()), e -> 1.0, 1), 0);
        bothPathsEqual(perHour, "sum by (level) (count_over_time(SEL[5m]))", sel, start, end, MIN,
                truth(start, end, MIN, 5 * MIN, e -> Map.of("level", e.level()), e -> 1.0, 1), 0);
        long offHour = T0 + 13 * MIN;
        bothPathsEqual(perHour, "sum by (service, level) (count_over_time(SEL[10m]))", sel, offHour, end, 7 * MIN,
                truth(offHour, end, 7 * MIN, 10 * MIN, e -> Map.of("service", e.service(), "level", e.level()), e -> 1.0, 1), 0);
    }

    /**
     * Rows written with version-1 cells [m, m + 1 min) are still answered as before: a cell that may
     * hold an event at its minute's start is cut by a minute-aligned edge, so its chunk is decoded —
     * exact, only slower.
     */
    @Test
    void versionOneHistogramsKeepTheOldAnswerAndDecodeChunksTheyCannotAnswer() {
        List<ChunkRef> refs = perHourV1.bean(MysqlChunkScan.class)
                .find(new ScanRequest("im", Long.MIN_VALUE + 1, Long.MAX_VALUE, List.of(), List.of(), Set.of(), false))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(refs).allMatch(r -> !r.histogram().endAligned() && r.histogram().totals().equals(new TreeMap<>(r.levelCounts())));
        long start = T0;
        long end = T0 + 181 * MIN;
        Map<Map<String, String>, Map<Long, Double>> want = truth(start, end, 5 * MIN, 5 * MIN, e -> Map.of("level", e.level()), e -> 1.0, 1);
        MetricResult indexed = run(perHourV1, "sum by (level) (count_over_time({}[5m]))", start, end, 5 * MIN);
        assertThat(table(indexed)).isEqualTo(want);
        assertThat(indexed.stats().chunksRead()).isPositive();
        MetricResult current = run(perHour, "sum by (level) (count_over_time({}[5m]))", start, end, 5 * MIN);
        assertThat(table(current)).isEqualTo(want);
        assertThat(current.stats().chunksRead()).isZero();
    }

    @Test
    void ratesByStreamLabelOverFiveMinutesEqualTheDecodedAnswer() {
        long start = T0 - 5 * MIN;
        long end = T0 + 185 * MIN;
        Map<Map<String, String>, Map<Long, Double>> want = truth(start, end, 5 * MIN, 5 * MIN,
                e -> Map.of("service", e.service(), "host", e.host()), e -> 1.0, 300);
        bothPathsEqual(perMinute, "sum by (service, host) (rate(SEL[5m]))", "{service=~\"a|b\"}", start, end, 5 * MIN, want, -1);
        bothPathsEqual(perHour, "sum by (service, host) (rate(SEL[5m]))", "{service=~\"a|b\"}", start, end, 5 * MIN, want, -1);
    }

    @Test
    void stepsNotOnMinutesAndByteCountsStillEqualTheDecodedAnswer() {
        long start = T0 + MIN / 2;
        long end = T0 + 150 * MIN;
        Map<Map<String, String>, Map<Long, Double>> counts = truth(start, end, 7 * MIN, 10 * MIN,
                e -> Map.of("host", e.host(), "level", e.level()), e -> 1.0, 1);
        bothPathsEqual(perMinute, "sum by (host, level) (count_over_time(SEL[10m]))", "{}", start, end, 7 * MIN, counts, -1);
        bothPathsEqual(perHour, "sum by (host, level) (count_over_time(SEL[10m]))", "{}", start, end, 7 * MIN, counts, -1);
        Map<Map<String, String>, Map<Long, Double>> bytes = truth(T0 + 60 * MIN, T0 + 180 * MIN, 60 * MIN, 60 * MIN,
                e -> Map.of("level", e.level()), e -> (double) e.message().getBytes(StandardCharsets.UTF_8).length, 1);
        bothPathsEqual(perMinute, "sum by (level) (bytes_over_time(SEL[1h]))", "{}", T0 + 60 * MIN, T0 + 180 * MIN, 60 * MIN, bytes, -1);
        bothPathsEqual(perHour, "sum by (level) (bytes_over_time(SEL[1h]))", "{}", T0 + 60 * MIN, T0 + 180 * MIN, 60 * MIN, bytes, -1);
    }
}
