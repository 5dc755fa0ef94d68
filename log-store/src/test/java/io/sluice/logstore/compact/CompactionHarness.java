package io.sluice.logstore.compact;

import io.sluice.common.event.EventIds;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.chunk.Loghub;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.scan.ArchiveReader;
import io.sluice.logstore.scan.MysqlChunkScan;
import io.sluice.logstore.scan.ScanRequest;
import io.sluice.logstore.schema.ChunkPartitions;
import io.sluice.logstore.shard.ArchiveShard;
import io.sluice.logstore.shard.ArchiveShards;
import io.sluice.logstore.store.ChunkStoreProperties;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import reactor.core.publisher.Flux;

/**
 * Run by hand (not part of the test suite): writes Loghub lines (every digit replaced by a random
 * one, as the end-to-end harness does, so the 2,000 lines of a data set do not simply repeat) in
 * many small write calls (as the
 * pipeline does: each call holds a few hundred events of every stream), measures stored bytes per
 * event and events per chunk, compacts everything, and measures again. Arguments: total events
 * (default 400,000), hours the event times spread over (default 1), events per write call (default
 * 1,000), compaction window (default {@code 1h}), hosts per data set (default 4; each data set is a
 * service), {@code keep-digits} to store the Loghub lines as they are (default: fresh digits). With
 * {@code keep-digits}, more than 2,000 events per data set and window repeat lines verbatim, which
 * flatters compression: keep {@code total <= 16,000 x hosts} per window.
 */
public final class CompactionHarness {

    private CompactionHarness() {
    }

    public static void main(String[] args) {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        double hours = args.length > 1 ? Double.parseDouble(args[1]) : 1;
        int perCall = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
        String window = args.length > 3 ? args[3] : "1h";
        int hosts = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        boolean fresh = args.length <= 5 || !args[5].equals("keep-digits");
        List<Loghub.Dataset> sets = Loghub.datasets();
        long t0 = 20_000L * 86_400_000_000_000L;
        long step = (long) (hours * 3_600_000_000_000L / total);
        long rawBytes = 0;
        List<List<ArchiveEntry>> calls = new ArrayList<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        int made = 0;
        int entryNo = 0;
        while (made < total) {
            List<ArchiveEntry> entries = new ArrayList<>();
            for (int n = 0; n < perCall && made < total; n += 250) {
                EventIds.Batch ids = EventIds.batch();
                List<ArchivedEvent> events = new ArrayList<>(250);
                for (int i = 0; i < 250 && made < total; i++, made++) {
                    Loghub.Dataset d = sets.get(made % sets.size());
                    String line = d.lines().get((made / sets.size()) % d.lines().size());
                    line = (fresh ? freshDigits(line, random) : line) + (made == total / 2 ? " rare-needle-42" : "");
                    rawBytes += line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
                    String level = line.contains("ERROR") ? "ERROR" : line.contains("WARN") ? "WARN" : "INFO";
                    events.add(new ArchivedEvent(ids.next(), "bench", t0 + made * step, d.name(), "host-" + (made / sets.size()) % hosts,
                            level, line, null, null, 0L, ""));
                }
                entries.add(new ArchiveEntry("bench/" + entryNo++, events));
            }
            calls.add(entries);
        }
        try (TestArchive archive = new TestArchive("h_compact_", Map.of("sluice.mysql.pool-size", "4",
                "sluice.logstore.compaction.window", window,
                "sluice.logstore.compaction.settle-delay", "0s",
                "sluice.logstore.compaction.grace", "0s"))) {
            ArchiveSink sink = archive.bean(ArchiveSink.class);
            long w0 = System.nanoTime();
            long written = Flux.fromIterable(calls).flatMap(sink::write, 2).reduce(0L, Long::sum).block(Duration.ofMinutes(60));
            double writeSeconds = (System.nanoTime() - w0) / 1e9;
            System.out.printf("wrote %d events (%.1f raw B/event) in %d calls of %d over %.1f h in %.1f s (%.0f events/s)%n", written,
                    (double) rawBytes / total, calls.size(), perCall, hours, writeSeconds, written / writeSeconds);
            report(archive, "before compaction", total, rawBytes);
            queries(archive);

            ChunkCompactor compactor = new ChunkCompactor(archive.bean(ChunkPartitions.class), archive.bean(ChunkStoreProperties.class));
            ArchiveShard shard = archive.bean(ArchiveShards.class).shard(ChunkStoreProperties.DEFAULT_SHARD);
            long c0 = System.nanoTime();
            CompactionResult sum = CompactionResult.NONE;
            int passes = 0;
            for (CompactionResult r = compactor.pass(shard).block(); r.chunksIn() > 0; r = compactor.pass(shard).block()) {
                sum = sum.plus(r);
                passes++;
            }
            double compactSeconds = (System.nanoTime() - c0) / 1e9;
            System.out.printf("compaction: %d passes, %d chunks -> %d, %d events moved in %.1f s (%.0f events/s)%n", passes, sum.chunksIn(),
                    sum.chunksOut(), sum.events(), compactSeconds, sum.events() / compactSeconds);
            long archived = archive.bean(ArchiveReader.class).count("bench").block();
            System.out.printf("events in the index after compaction: %d (expected %d)%n", archived, total);
            archive.database().queryColumn("OPTIMIZE TABLE log_chunk");
            report(archive, "after compaction (superseded purged, table rebuilt)", total, rawBytes);
            queries(archive);
        }
    }

    /** Every digit replaced by a random one (as bench's LoadEvents does), so repeated lines are not repeated bytes. */
    private static String freshDigits(String line, java.util.SplittableRandom random) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            out.append(ch >= '0' && ch <= '9' ? (char) ('0' + random.nextInt(10)) : ch);
        }
        return out.toString();
    }

    /** Times a needle (find + read + filter) and a per-minute count by level from index rows alone, 3 runs each. */
    private static void queries(TestArchive archive) {
        MysqlChunkScan scan = archive.bean(MysqlChunkScan.class);
        ScanRequest needle = new ScanRequest("bench", Long.MIN_VALUE + 1, Long.MAX_VALUE, List.of(), List.of("rare-needle-42"), Set.of(), true);
        ScanRequest all = new ScanRequest("bench", Long.MIN_VALUE + 1, Long.MAX_VALUE, List.of(), List.of(), Set.of(), false);
        for (int run = 0; run < 3; run++) {
            long q0 = System.nanoTime();
            long matches = scan.find(needle).concatMap(ref -> scan.read(ref).flatMapMany(Flux::fromIterable))
                    .filter(e -> e.message().contains("rare-needle-42")).count().block();
            double needleMs = (System.nanoTime() - q0) / 1e6;
            long q1 = System.nanoTime();
            Map<Long, Map<String, Long>> perMinute = new TreeMap<>();
            long rows = scan.find(all).doOnNext(ref -> ref.histogram().forEach((first, last, level, n) -> perMinute
                    .computeIfAbsent(-Math.floorDiv(-last, 60_000_000_000L), m -> new TreeMap<>()).merge(level, n, Long::sum))).count().block();
            double countMs = (System.nanoTime() - q1) / 1e6;
            System.out.printf("  needle: %d match in %.0f ms; count by level per minute from %d index rows (%d minutes) in %.0f ms%n",
                    matches, needleMs, rows, perMinute.size(), countMs);
        }
    }

    private static void report(TestArchive archive, String when, long events, long rawBytes) {
        archive.database().queryColumn("ANALYZE TABLE log_chunk");
        long chunks = archive.database().queryLong("SELECT COUNT(*) FROM log_chunk WHERE superseded_at IS NULL");
        long data = archive.database().queryLong("SELECT SUM(stored_bytes) FROM log_chunk WHERE superseded_at IS NULL");
        long index = archive.database().queryLong("SELECT SUM(LENGTH(bloom) + LENGTH(templates) + LENGTH(level_counts)"
                + " + COALESCE(LENGTH(histogram), 0) + 80) FROM log_chunk WHERE superseded_at IS NULL");
        long disk = archive.database().queryLong("SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'log_chunk'");
        double raw = (double) rawBytes / events;
        System.out.printf("%s: %d chunks, %.1f events/chunk; data %.2f B/event, index row %.2f B/event, total %.2f B/event (%.1fx smaller"
                        + " than raw); InnoDB on disk %.2f B/event (%.1fx)%n", when, chunks, (double) events / chunks, (double) data / events,
                (double) index / events, (double) (data + index) / events, raw / ((double) (data + index) / events), (double) disk / events,
                raw / ((double) disk / events));
    }
}
