package io.sluice.logstore.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.EventIds;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.chunk.MinuteHistogram;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Index rows carry a per-minute histogram: per-minute counts by level from index rows alone equal the events'. */
class IndexHistogramTest {

    static final long MIN = MinuteHistogram.NANOS_PER_MINUTE;
    static final long T0 = 29_400_000L * MIN;
    static final String[] LEVELS = {"INFO", "WARN", "ERROR", ""};

    static TestArchive archive;
    static ChunkScan scan;
    static List<ArchivedEvent> all = new ArrayList<>();

    @BeforeAll
    static void start() {
        // chunks spanning up to an hour: the histogram, not the slice, keeps minute counts exact
        archive = new TestArchive("h_compact_", Map.of("sluice.logstore.chunk.slice", "1h", "sluice.logstore.chunk.max-events", "400"));
        scan = archive.bean(ChunkScan.class);
        Random random = new Random(5);
        List<ArchiveEntry> entries = new ArrayList<>();
        for (int entry = 0; entry < 6; entry++) {
            EventIds.Batch ids = EventIds.batch();
            List<ArchivedEvent> events = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                events.add(new ArchivedEvent(ids.next(), "hist", T0 + (long) (random.nextDouble() * 150 * MIN), "svc", "h" + random.nextInt(2),
                        LEVELS[random.nextInt(LEVELS.length)], "line " + i, null, null));
            }
            all.addAll(events);
            entries.add(new ArchiveEntry("hist/" + entry, events));
        }
        archive.bean(ArchiveSink.class).write(entries).block(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        archive.close();
    }

    static List<ChunkRef> refs(long from, long to) {
        return scan.find(new ScanRequest("hist", from, to, List.of(), List.of(), Set.of(), false)).collectList().block(Duration.ofSeconds(30));
    }

    static Map<String, Long> truth(long from, long to) {
        Map<String, Long> out = new TreeMap<>();
        all.stream().filter(e -> e.timestampNanos() > from && e.timestampNanos() <= to).forEach(e -> out.merge(e.level(), 1L, Long::sum));
        return out;
    }

    static Map<String, Long> fromIndex(long from, long to) {
        Map<String, Long> out = new TreeMap<>();
        for (ChunkRef ref : refs(from, to + 1)) {
            assertThat(ref.histogram().exact(from, to)).isTrue();
            ref.histogram().countsIn(from, to).forEach((level, n) -> out.merge(level, n, Long::sum));
        }
        return out;
    }

    @Test
    void chunksSpanManyMinutesAndEveryMinuteCountsExactlyFromTheIndex() {
        assertThat(refs(T0, T0 + 200 * MIN)).anyMatch(r -> r.maxTsNanos() - r.minTsNanos() > 10 * MIN);
        for (long m = T0 - MIN; m < T0 + 152 * MIN; m += MIN) {
            assertThat(fromIndex(m, m + MIN)).as("minute %d", (m - T0) / MIN).isEqualTo(truth(m, m + MIN));
        }
        assertThat(fromIndex(T0 + 17 * MIN, T0 + 94 * MIN)).isEqualTo(truth(T0 + 17 * MIN, T0 + 94 * MIN));
    }

    @Test
    void rowsWithoutAHistogramFallBackToTheirLevelCounts() {
        long before = archive.database().queryLong("SELECT COUNT(*) FROM log_chunk WHERE histogram IS NOT NULL");
        assertThat(before).isPositive();
        long one = archive.database().queryLong("SELECT MIN(chunk_id) FROM log_chunk");
        try (var c = archive.database().connect(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE log_chunk SET histogram = NULL WHERE chunk_id = " + one);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        ChunkRef old = refs(T0 - MIN, T0 + 200 * MIN).stream().filter(r -> r.chunkId() == one).findFirst().orElseThrow();
        assertThat(old.histogram().totals()).isEqualTo(old.levelCounts().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(old.histogram().exact(old.minTsNanos() - 1, old.maxTsNanos())).isTrue();
        assertThat(old.histogram().perMinute()).isEqualTo(old.maxTsNanos() / MIN == old.minTsNanos() / MIN);
    }
}
