package io.sluice.logstore.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.common.event.EventIds;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.scan.ChunkRef;
import io.sluice.logstore.scan.ChunkScan;
import io.sluice.logstore.scan.ScanRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

class ChunkArchiveTest {

    static final long T0 = 1_764_000_000_000_000_000L;
    static TestArchive archive;
    static ArchiveSink sink;
    static ChunkScan scan;

    @BeforeAll
    static void start() {
        archive = new TestArchive(Map.of("sluice.logstore.chunk.max-events", "100"));
        sink = archive.bean(ArchiveSink.class);
        scan = archive.bean(ChunkScan.class);
    }

    @AfterAll
    static void stop() {
        archive.close();
    }

    static List<ArchivedEvent> events(String tenant, int n, long t0) {
        EventIds.Batch ids = EventIds.batch();
        List<ArchivedEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArchivedEvent(ids.next(), tenant, t0 + i * 7_000_000L, "svc-" + (i % 2), "host", i % 5 == 0 ? "ERROR" : "INFO",
                    "line " + i + " token-" + (i % 13), i % 3 == 0 ? "{\"a\":\"" + i + "\"}" : null, null, i % 4, ""));
        }
        return out;
    }

    static List<ArchivedEvent> archived(String tenant) {
        return scan.find(new ScanRequest(tenant, Long.MIN_VALUE + 1, Long.MAX_VALUE, List.of(), List.of(), Set.of(), false))
                .concatMap(ref -> scan.read(ref).flatMapMany(Flux::fromIterable))
                .collectList().block(Duration.ofSeconds(30));
    }

    static long markers(String prefix) {
        return archive.database().queryLong("SELECT COUNT(*) FROM log_entry_marker WHERE entry_key LIKE '" + prefix + "%'");
    }

    @Test
    void everyEventComesBackFromTheChunksExactlyOnce() {
        List<ArchivedEvent> a = events("rt", 250, T0);
        List<ArchivedEvent> b = events("rt", 30, T0 + 120_000_000_000L);
        assertThat(sink.write(List.of(new ArchiveEntry("rt/1-0", a), new ArchiveEntry("rt/1-1", b))).block(Duration.ofSeconds(30)))
                .isEqualTo(280);
        List<ArchivedEvent> expected = new ArrayList<>(a);
        expected.addAll(b);
        assertThat(archived("rt")).containsExactlyInAnyOrderElementsOf(expected.stream()
                .map(e -> new ArchivedEvent(e.id(), e.tenant(), e.timestampNanos(), e.service(), e.host(), e.level(), e.message(),
                        e.attributesJson(), e.fieldsJson(), e.templateId(), "standard"))
                .toList());
        List<ChunkRef> refs = scan.find(new ScanRequest("rt", T0, T0 + 1_000_000_000_000L, List.of(), List.of(), Set.of(), true))
                .collectList().block(Duration.ofSeconds(10));
        assertThat(refs).extracting(ChunkRef::minTsNanos).isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(refs).allMatch(r -> r.events() <= 100);
        assertThat(refs.stream().mapToLong(ChunkRef::events).sum()).isEqualTo(280);
        assertThat(refs.stream().mapToLong(r -> r.levelCounts().getOrDefault("ERROR", 0L)).sum()).isEqualTo(50 + 6);
    }

    @Test
    void aRedeliveredEntryIsSkippedAndOnlyNewEntriesAreStored() {
        List<ArchivedEvent> a = events("redeliver", 40, T0);
        List<ArchivedEvent> b = events("redeliver", 10, T0 + 1);
        assertThat(sink.write(List.of(new ArchiveEntry("redeliver/1-0", a))).block(Duration.ofSeconds(30))).isEqualTo(40);
        assertThat(sink.write(List.of(new ArchiveEntry("redeliver/1-0", a))).block(Duration.ofSeconds(30))).isZero();
        assertThat(sink.write(List.of(new ArchiveEntry("redeliver/1-0", a), new ArchiveEntry("redeliver/1-1", b)))
                .block(Duration.ofSeconds(30))).isEqualTo(10);
        assertThat(archived("redeliver")).hasSize(50);
        assertThat(markers("redeliver/")).isEqualTo(2);
    }

    @Test
    void twoConsumersWritingTheSameEntriesAtOnceStoreThemOnce() throws Exception {
        List<ArchiveEntry> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(new ArchiveEntry("race/1-" + i, events("race", 25, T0 + i * 1_000_000L)));
        }
        List<ArchiveEntry> reversed = new ArrayList<>(entries);
        java.util.Collections.reverse(reversed);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                String tenantPrefix = "race" + round;
                List<ArchiveEntry> mine = entries.stream().map(e -> new ArchiveEntry(tenantPrefix + e.entryKey(),
                        e.events().stream().map(x -> new ArchivedEvent(x.id(), tenantPrefix, x.timestampNanos(), x.service(), x.host(),
                                x.level(), x.message(), x.attributesJson(), x.fieldsJson(), x.templateId(), "")).toList())).toList();
                List<ArchiveEntry> other = new ArrayList<>(mine);
                java.util.Collections.shuffle(other, new java.util.Random(round));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Long>> results = new ArrayList<>();
                for (List<ArchiveEntry> batch : List.of(mine, other, mine)) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return retryingWrite(batch);
                    }));
                }
                go.countDown();
                long stored = 0;
                for (Future<Long> f : results) {
                    stored += f.get();
                }
                assertThat(stored).isEqualTo(500);
                List<ArchivedEvent> back = archived(tenantPrefix);
                assertThat(back).hasSize(500);
                assertThat(new HashSet<>(back.stream().map(ArchivedEvent::id).toList())).hasSize(500);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A consumer retries a failed batch (InnoDB may pick it as a deadlock victim); the retry must not duplicate. */
    static long retryingWrite(List<ArchiveEntry> batch) {
        for (int attempt = 0; ; attempt++) {
            try {
                return sink.write(batch).block(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                if (attempt >= 5 || !String.valueOf(e.getMessage()).toLowerCase().contains("deadlock")) {
                    throw e;
                }
            }
        }
    }

    @Test
    void aFailingCallStoresNeitherItsChunksNorItsMarkers() throws Exception {
        try (java.sql.Connection c = archive.database().connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER fail_atomic BEFORE INSERT ON log_chunk FOR EACH ROW"
                    + " IF NEW.tenant = 'atomic-fail' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'forced failure'; END IF");
        }
        List<ArchivedEvent> good = events("atomic", 20, T0);
        List<ArchivedEvent> bad = events("atomic-fail", 3, T0);
        assertThatThrownBy(() -> sink.write(List.of(new ArchiveEntry("atomic/1-0", good), new ArchiveEntry("atomic/1-1", bad)))
                .block(Duration.ofSeconds(30))).hasMessageContaining("forced failure");
        assertThat(markers("atomic/")).isZero();
        assertThat(archived("atomic")).isEmpty();
        assertThat(sink.write(List.of(new ArchiveEntry("atomic/1-0", good))).block(Duration.ofSeconds(30))).isEqualTo(20);
        assertThat(archived("atomic")).hasSize(20);
    }

    @Test
    void freeFormLevelsNeverOverflowTheIndexRowAndStayFindable() {
        List<ArchivedEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(new ArchivedEvent(EventIds.next(), "levels", T0 + i, "svc", "h", "custom-level-" + i, "line " + i, null, null));
        }
        assertThat(sink.write(List.of(new ArchiveEntry("levels/1", events))).block(Duration.ofSeconds(30))).isEqualTo(300);
        assertThat(archived("levels")).hasSize(300);
        List<ChunkRef> refs = scan.find(new ScanRequest("levels", T0, T0 + 1_000, List.of(new io.sluice.common.query.LabelMatcher("level",
                io.sluice.common.query.LabelMatcher.MatchOp.EQ, "custom-level-299")), List.of(), Set.of(), false)).collectList().block();
        assertThat(refs.stream().mapToLong(ChunkRef::events).sum()).isEqualTo(300);
    }

    @Test
    void emptyEntriesWriteNothing() {
        assertThat(sink.write(List.of(new ArchiveEntry("empty/1-0", List.of()))).block(Duration.ofSeconds(10))).isZero();
        assertThat(sink.write(List.of()).block(Duration.ofSeconds(10))).isZero();
    }
}
