package io.sluice.logstore.write;

import io.sluice.common.event.EventIds;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.chunk.Loghub;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.scan.MysqlChunkScan;
import io.sluice.logstore.scan.ScanRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Flux;

/**
 * Run by hand (not part of the test suite): writes Loghub lines through {@link ChunkArchive} into a
 * fresh database and prints events/s and stored bytes per event, then times a needle query and a
 * per-minute count by level from the index rows. Arguments: total events (default
 * 1,000,000), events per write call (default 20,000), calls in flight (default 2).
 */
public final class ArchiveWriteHarness {

    private ArchiveWriteHarness() {
    }

    public static void main(String[] args) {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int perCall = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        List<Loghub.Dataset> sets = Loghub.datasets();
        List<List<ArchiveEntry>> calls = new ArrayList<>();
        long t0 = 1_764_000_000_000_000_000L;
        long rawBytes = 0;
        int made = 0;
        int entryNo = 0;
        while (made < total) {
            List<ArchiveEntry> entries = new ArrayList<>();
            for (int n = 0; n < perCall && made < total; n += 500) {
                Loghub.Dataset d = sets.get(entryNo % sets.size());
                EventIds.Batch ids = EventIds.batch();
                List<ArchivedEvent> events = new ArrayList<>(500);
                for (int i = 0; i < 500 && made < total; i++, made++) {
                    String line = d.lines().get((made / sets.size() + i) % d.lines().size())
                            + (made % 100_000 == 77 ? " rare-needle-42" : "");
                    rawBytes += line.length() + 1;
                    events.add(new ArchivedEvent(ids.next(), "bench", t0 + made * 50_000L, d.name(), "host-" + (entryNo % 3), "INFO", line,
                            null, null, 0L, ""));
                }
                entries.add(new ArchiveEntry("bench/" + entryNo++, events));
            }
            calls.add(entries);
        }
        try (TestArchive archive = new TestArchive(Map.of("sluice.mysql.pool-size", "4"))) {
            ArchiveSink sink = archive.bean(ArchiveSink.class);
            sink.write(calls.get(0)).block();
            long start = System.nanoTime();
            long written = Flux.fromIterable(calls.subList(1, calls.size())).flatMap(sink::write, inFlight).reduce(0L, Long::sum)
                    .block(Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            long stored = archive.database().queryLong("SELECT SUM(stored_bytes + LENGTH(bloom) + LENGTH(templates)) FROM log_chunk");
            long chunks = archive.database().queryLong("SELECT COUNT(*) FROM log_chunk");
            System.out.printf("events %d in %.2f s: %.0f events/s; raw %.1f B/event; stored (data+bloom+templates) %.2f B/event; %d chunks%n",
                    written, seconds, written / seconds, (double) rawBytes / made, (double) stored / made, chunks);
            MysqlChunkScan scan = archive.bean(MysqlChunkScan.class);
            for (int run = 0; run < 3; run++) {
                long bloomBefore = scan.bloomBytesRead();
                long q0 = System.nanoTime();
                long matches = scan.find(new ScanRequest("bench", Long.MIN_VALUE + 1, Long.MAX_VALUE, List.of(), List.of("rare-needle-42"),
                                Set.of(), true))
                        .concatMap(ref -> scan.read(ref).flatMapMany(Flux::fromIterable))
                        .filter(e -> e.message().contains("rare-needle-42")).count().block();
                double needleMs = (System.nanoTime() - q0) / 1e6;
                long q1 = System.nanoTime();
                Map<Long, Map<String, Long>> perMinute = new java.util.TreeMap<>();
                scan.find(new ScanRequest("bench", Long.MIN_VALUE + 1, Long.MAX_VALUE, List.of(), List.of(), Set.of(), false))
                        .doOnNext(ref -> ref.histogram().forEach((first, last, level, n) -> perMinute
                                .computeIfAbsent(-Math.floorDiv(-last, 60_000_000_000L), m -> new java.util.TreeMap<>()).merge(level, n, Long::sum)))
                        .blockLast();
                double countMs = (System.nanoTime() - q1) / 1e6;
                System.out.printf("needle |= \"rare-needle-42\": %d matches in %.0f ms, bloom bytes read %d; count by level per minute"
                        + " from index rows: %d minutes in %.0f ms%n", matches, needleMs, scan.bloomBytesRead() - bloomBefore,
                        perMinute.size(), countMs);
            }
        }
    }
}
