package io.sluice.logstore.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.common.event.EventIds;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.chunk.ChunkCodec;
import io.sluice.logstore.chunk.MinuteHistogram;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.retention.ClusterLock;
import io.sluice.logstore.scan.ArchiveReader;
import io.sluice.logstore.scan.ChunkRef;
import io.sluice.logstore.scan.ChunkScan;
import io.sluice.logstore.scan.ScanRequest;
import io.sluice.logstore.schema.ChunkPartitions;
import io.sluice.logstore.shard.ArchiveShard;
import io.sluice.logstore.shard.ArchiveShards;
import io.sluice.logstore.store.ChunkStoreProperties;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import io.sluice.logstore.write.ChunkInserts;
import io.sluice.logstore.write.StreamIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Compaction on real MariaDB: same events, same index counts, atomic swaps, markers untouched. */
class CompactionTest {

    static final long MIN = MinuteHistogram.NANOS_PER_MINUTE;
    static final long HOUR = 60 * MIN;
    /** Midnight UTC: events fall on both sides, so chunks of two day partitions. */
    static final long T0 = 20_000L * 24 * HOUR;
    static final String[] LEVELS = {"INFO", "INFO", "WARN", "ERROR", ""};

    static TestArchive archive;
    static ArchiveShard shard;
    static ChunkCompactor compactor;
    static ArchiveReader reader;
    static ChunkScan scan;
    static ArchiveSink sink;

    @BeforeAll
    static void start() {
        archive = new TestArchive("h_compact_", Map.of(
                "sluice.logstore.chunk.max-events", "200",
                "sluice.logstore.compaction.enabled", "true",
                "sluice.logstore.compaction.interval", "1h",
                "sluice.logstore.compaction.settle-delay", "0s"));
        shard = archive.bean(ArchiveShards.class).shard(ChunkStoreProperties.DEFAULT_SHARD);
        compactor = archive.bean(ChunkCompactor.class);
        reader = archive.bean(ArchiveReader.class);
        scan = archive.bean(ChunkScan.class);
        sink = archive.bean(ArchiveSink.class);
    }

    @AfterAll
    static void stop() {
        archive.close();
    }

    /** {@code calls} separate writes of one small entry each: many small chunks over 3 streams and two days. */
    static List<ArchiveEntry> writeSmall(String tenant, int calls, int perCall, long seed) {
        Random random = new Random(seed);
        List<ArchiveEntry> entries = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            EventIds.Batch ids = EventIds.batch();
            List<ArchivedEvent> events = new ArrayList<>();
            for (int i = 0; i < perCall; i++) {
                long ts = T0 - HOUR + (long) (random.nextDouble() * 2 * HOUR);
                events.add(new ArchivedEvent(ids.next(), tenant, ts, "svc-" + random.nextInt(3), "host", LEVELS[random.nextInt(LEVELS.length)],
                        "request " + random.nextInt(1000) + " took " + random.nextInt(500) + " ms", i % 7 == 0 ? "{\"k\":" + i + "}" : null,
                        null, random.nextInt(4), ""));
            }
            ArchiveEntry entry = new ArchiveEntry(tenant + "/" + c, events);
            entries.add(entry);
            assertThat(sink.write(List.of(entry)).block(Duration.ofSeconds(30))).isEqualTo(perCall);
        }
        return entries;
    }

    static List<ArchivedEvent> events(String tenant) {
        List<ArchivedEvent> out = new ArrayList<>(reader.events(tenant).block(Duration.ofSeconds(60)));
        out.sort(Comparator.comparing(ArchivedEvent::id));
        return out;
    }

    static List<ChunkRef> refs(String tenant) {
        return scan.find(new ScanRequest(tenant, Long.MIN_VALUE + 1, Long.MAX_VALUE, List.of(), List.of(), Set.of(), false))
                .collectList().block(Duration.ofSeconds(30));
    }

    /** Per-minute counts by level (and service) from the index rows alone: cells (m - 1 min, m], keyed by m. */
    static Map<String, Long> minuteCounts(String tenant) {
        Map<String, Long> out = new TreeMap<>();
        for (ChunkRef ref : refs(tenant)) {
            ref.histogram().forEach((first, last, level, n) -> out.merge(ref.labels().get("service") + "|" + -Math.floorDiv(-last, MIN) + "|" + level, n,
                    Long::sum));
        }
        return out;
    }

    static Map<String, Long> truthMinuteCounts(List<ArchivedEvent> events) {
        Map<String, Long> out = new TreeMap<>();
        events.forEach(e -> out.merge(e.service() + "|" + -Math.floorDiv(-e.timestampNanos(), MIN) + "|" + e.level(), 1L, Long::sum));
        return out;
    }

    static CompactionResult compactFully(ChunkCompactor c) {
        CompactionResult total = CompactionResult.NONE;
        for (int i = 0; i < 50; i++) {
            CompactionResult r = c.pass(shard).block(Duration.ofSeconds(120));
            total = total.plus(r);
            if (r.chunksIn() == 0) {
                return total;
            }
        }
        throw new AssertionError("compaction did not converge");
    }

    static ChunkCompactor compactorWith(int maxEventsPerSwap, Duration settle, Duration grace) {
        ChunkStoreProperties p = archive.bean(ChunkStoreProperties.class);
        ChunkStoreProperties.Compaction c = p.compaction();
        return new ChunkCompactor(archive.bean(ChunkPartitions.class), new ChunkStoreProperties(p.chunk(), p.shards(), p.shardMap(),
                p.retention(), new ChunkStoreProperties.Compaction(true, c.interval(), settle, c.window(), c.targetEvents(), c.targetSize(),
                        maxEventsPerSwap, c.groupsPerPass(), grace)));
    }

    static long liveChunks(String tenant) {
        return archive.database().queryLong("SELECT COUNT(*) FROM log_chunk WHERE superseded_at IS NULL AND tenant = '" + tenant + "'");
    }

    @Test
    void mergesManySmallChunksIntoFewBigOnesWithIdenticalEventsAndIndexCounts() {
        writeSmall("merge", 40, 30, 1);
        List<ArchivedEvent> before = events("merge");
        Map<String, Long> countsBefore = minuteCounts("merge");
        long chunksBefore = liveChunks("merge");
        List<String> partsBefore = archive.database().queryColumn(
                "SELECT CONCAT(part, ':', SUM(events)) FROM log_chunk WHERE tenant = 'merge' GROUP BY part ORDER BY part");
        assertThat(before).hasSize(1200);
        assertThat(countsBefore).isEqualTo(truthMinuteCounts(before));
        assertThat(chunksBefore).as("small writes made small chunks").isGreaterThan(200);

        CompactionResult result = compactFully(compactor);

        assertThat(result.events()).isPositive();
        List<ArchivedEvent> after = events("merge");
        assertThat(after).as("the same events, none lost or duplicated").isEqualTo(before);
        assertThat(reader.count("merge").block()).isEqualTo(1200);
        assertThat(minuteCounts("merge")).as("per-minute counts by level from index rows").isEqualTo(countsBefore);
        long chunksAfter = liveChunks("merge");
        // 3 streams x 2 days x 1-hour windows, each <= 200 events (max-events): ~400 events per stream window
        assertThat(chunksAfter).isLessThanOrEqualTo(3 * 2 * 3).isLessThan(chunksBefore / 10);
        assertThat(archive.database().queryColumn(
                "SELECT CONCAT(part, ':', SUM(events)) FROM log_chunk WHERE tenant = 'merge' AND superseded_at IS NULL GROUP BY part ORDER BY part"))
                .as("events stay in their (class, day) partition").isEqualTo(partsBefore);
        for (ChunkRef ref : refs("merge")) {
            assertThat(Math.floorDiv(ref.minTsNanos(), HOUR)).as("a compacted chunk stays in its window").isEqualTo(Math.floorDiv(ref.maxTsNanos(), HOUR));
            assertThat(ref.histogram().perMinute()).isTrue();
            assertThat(ref.histogram().totals()).isEqualTo(ref.levelCounts());
        }
        assertThat(compactor.candidates(shard).filter(g -> g.tenant().equals("merge")).collectList().block()).as("nothing left to do").isEmpty();
    }

    @Test
    void chunksWrittenWithinTheSettleDelayAreLeftAlone() {
        writeSmall("fresh", 10, 20, 2);
        long chunks = liveChunks("fresh");
        ChunkCompactor patient = compactorWith(100_000, Duration.ofHours(1), Duration.ofMinutes(10));
        assertThat(patient.candidates(shard).filter(g -> g.tenant().equals("fresh")).collectList().block()).isEmpty();
        patient.pass(shard).block(Duration.ofSeconds(60));
        assertThat(liveChunks("fresh")).isEqualTo(chunks);
    }

    @Test
    void aSwapThatFailsMidwayRollsBackAndLeavesTheOldSetVisible() {
        writeSmall("fail", 6, 20, 3);
        List<ArchivedEvent> before = events("fail");
        CompactionGroup group = compactor.candidates(shard).filter(g -> g.tenant().equals("fail")).blockFirst(Duration.ofSeconds(30));
        List<Long> ids = archive.database().queryColumn("SELECT chunk_id FROM log_chunk WHERE tenant = 'fail' AND part = " + group.part()
                + " AND stream_id = " + group.streamId()).stream().map(Long::parseLong).toList();
        long rowsBefore = archive.database().queryLong("SELECT COUNT(*) FROM log_chunk WHERE tenant = 'fail'");
        List<ArchivedEvent> streamEvents = before.stream()
                .filter(e -> StreamIds.of(e.tenant(), e.service(), e.host()) == group.streamId()).toList();
        ChunkInserts.NewChunk merged = new ChunkInserts.NewChunk(group.part(), "fail", group.streamId(),
                new ChunkCodec(3).encode(streamEvents), MinuteHistogram.of(streamEvents));
        // one of the chunks to supersede does not exist (as if another process had purged it): the
        // new chunk is inserted first, then the update finds fewer live rows and the whole swap rolls back
        List<Long> withMissing = new ArrayList<>(ids);
        withMissing.add(Long.MAX_VALUE);

        assertThatThrownBy(() -> compactor.swap(shard, group.part(), withMissing, List.of(merged)).block(Duration.ofSeconds(30)))
                .isInstanceOf(CompactionConflictException.class);

        assertThat(archive.database().queryLong("SELECT COUNT(*) FROM log_chunk WHERE tenant = 'fail'")).as("the new chunk was rolled back")
                .isEqualTo(rowsBefore);
        assertThat(archive.database().queryLong("SELECT COUNT(*) FROM log_chunk WHERE tenant = 'fail' AND superseded_at IS NOT NULL"))
                .isZero();
        assertThat(events("fail")).isEqualTo(before);
    }

    @Test
    void aConcurrentReaderNeverSeesDuplicatesOrGapsWhileChunksAreSwapped() throws Exception {
        writeSmall("conc", 30, 30, 4);
        List<ArchivedEvent> expected = events("conc");
        Set<String> expectedIds = new HashSet<>();
        expected.forEach(e -> expectedIds.add(e.id()));
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        Thread readerThread = new Thread(() -> {
            while (!done.get()) {
                List<ArchivedEvent> seen = reader.events("conc").block(Duration.ofSeconds(60));
                Set<String> ids = new HashSet<>();
                seen.forEach(e -> ids.add(e.id()));
                if (seen.size() != expected.size() || !ids.equals(expectedIds)) {
                    problems.add("read " + seen.size() + " events, " + ids.size() + " distinct");
                }
                Long count = reader.count("conc").block(Duration.ofSeconds(30));
                if (count != expected.size()) {
                    problems.add("index count " + count);
                }
                reads.incrementAndGet();
            }
        });
        readerThread.start();
        // small swaps: many of them while the reader reads
        CompactionResult result = compactFully(compactorWith(60, Duration.ZERO, Duration.ofMinutes(10)));
        done.set(true);
        readerThread.join(120_000);

        assertThat(result.chunksIn()).isGreaterThan(20);
        assertThat(reads.get()).as("reads during the swaps").isGreaterThanOrEqualTo(2);
        assertThat(problems).isEmpty();
        assertThat(events("conc")).isEqualTo(expected);
    }

    @Test
    void aReaderHoldingOldChunkRefsReadsThemUntilTheGraceEnds() {
        writeSmall("grace", 8, 20, 5);
        List<ArchivedEvent> before = events("grace");
        List<ChunkRef> oldRefs = refs("grace");

        compactFully(compactorWith(100_000, Duration.ZERO, Duration.ofMinutes(10)));

        List<ArchivedEvent> viaOldRefs = new ArrayList<>();
        oldRefs.forEach(ref -> viaOldRefs.addAll(scan.read(ref).block(Duration.ofSeconds(30))));
        viaOldRefs.sort(Comparator.comparing(ArchivedEvent::id));
        assertThat(viaOldRefs).as("superseded chunks are still readable").isEqualTo(before);
        assertThat(archive.database().queryLong("SELECT COUNT(*) FROM log_chunk WHERE tenant = 'grace' AND superseded_at IS NOT NULL"))
                .isEqualTo(oldRefs.size());

        assertThat(compactorWith(100_000, Duration.ZERO, Duration.ZERO).purge(shard).block(Duration.ofSeconds(30))).isPositive();
        assertThat(archive.database().queryLong("SELECT COUNT(*) FROM log_chunk WHERE tenant = 'grace' AND superseded_at IS NOT NULL"))
                .isZero();
        assertThat(events("grace")).isEqualTo(before);
    }

    @Test
    void redeliveredEntriesAreStillSkippedAfterCompaction() {
        List<ArchiveEntry> entries = writeSmall("redo", 12, 25, 6);
        List<ArchivedEvent> before = events("redo");
        long markers = archive.database().queryLong("SELECT COUNT(*) FROM log_entry_marker WHERE entry_key LIKE 'redo/%'");
        assertThat(compactFully(compactor).chunksIn()).isPositive();

        assertThat(sink.write(entries).block(Duration.ofSeconds(30))).as("every entry was already archived").isZero();

        assertThat(events("redo")).isEqualTo(before);
        assertThat(archive.database().queryLong("SELECT COUNT(*) FROM log_entry_marker WHERE entry_key LIKE 'redo/%'")).isEqualTo(markers);
    }

    @Test
    void theJobCompactsEachShardOnlyWhileHoldingItsLock() {
        writeSmall("job", 10, 20, 7);
        long chunks = liveChunks("job");
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            String key = "h_compact:" + UUID.randomUUID() + ":lock";
            ClusterLock lock = new ClusterLock(redis.reactive(), key, Duration.ofSeconds(30));
            CompactionJob job = new CompactionJob(archive.bean(ArchiveShards.class), compactor,
                    s -> new ClusterLock(redis.reactive(), key, Duration.ofSeconds(30)), Duration.ofHours(1));

            lock.runExclusively(() -> job.runOnce()).block(Duration.ofSeconds(60));
            assertThat(liveChunks("job")).as("another holder had the lock").isEqualTo(chunks);

            job.runOnce().block(Duration.ofSeconds(120));
            assertThat(liveChunks("job")).isLessThan(chunks);
            assertThat(redis.sync().exists(key)).as("released").isZero();
        } finally {
            client.shutdown();
        }
        assertThat(archive.bean(CompactionJob.class)).as("wired when enabled").isNotNull();
        assertThat(DataSize.ofMegabytes(1)).isEqualTo(archive.bean(ChunkStoreProperties.class).compaction().targetSize());
    }
}
