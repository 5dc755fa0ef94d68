package io.sluice.logstore.shard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.EventIds;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.TestDatabase;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.scan.ArchiveReader;
import io.sluice.logstore.scan.ChunkRef;
import io.sluice.logstore.scan.ChunkScan;
import io.sluice.logstore.scan.ScanRequest;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two real databases on the test MariaDB: writes routed by tenant (and move date), reads merged. */
class ShardRoutingTest {

    static final LocalDate MOVE = LocalDate.of(2026, 3, 10);
    static final TestDatabase other = new TestDatabase();
    static TestArchive archive;

    @BeforeAll
    static void start() {
        archive = new TestArchive(Map.of(
                "sluice.logstore.shards.b.url", other.url(),
                "sluice.logstore.shard-map[0].tenant", "moved",
                "sluice.logstore.shard-map[0].shard", "b",
                "sluice.logstore.shard-map[1].tenant", "later",
                "sluice.logstore.shard-map[1].shard", "b",
                "sluice.logstore.shard-map[1].from", MOVE.toString()));
    }

    @AfterAll
    static void stop() {
        archive.close();
        other.drop();
    }

    static List<ArchivedEvent> days(String tenant, LocalDate... days) {
        List<ArchivedEvent> out = new ArrayList<>();
        for (LocalDate day : days) {
            long base = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
            for (int i = 0; i < 10; i++) {
                out.add(new ArchivedEvent(EventIds.next(), tenant, base + i * 1_000_000_000L, "svc", "h", "INFO", tenant + " " + i, null, null));
            }
        }
        return out;
    }

    static long chunkEvents(TestDatabase db, String tenant) {
        return db.queryLong("SELECT COALESCE(SUM(events), 0) FROM log_chunk WHERE tenant = '" + tenant + "'");
    }

    @Test
    void tenantsAreWrittenToTheirShardAndReadBackFromEveryShardTheirRangeTouches() {
        ArchiveSink sink = archive.bean(ArchiveSink.class);
        List<ArchivedEvent> stay = days("stay", MOVE);
        List<ArchivedEvent> moved = days("moved", MOVE.minusDays(5), MOVE);
        List<ArchivedEvent> later = days("later", MOVE.minusDays(1), MOVE, MOVE.plusDays(1));
        assertThat(sink.write(List.of(new ArchiveEntry("stay/1", stay), new ArchiveEntry("moved/1", moved), new ArchiveEntry("later/1", later)))
                .block(Duration.ofSeconds(30))).isEqualTo(10 + 20 + 30);

        assertThat(chunkEvents(archive.database(), "stay")).isEqualTo(10);
        assertThat(chunkEvents(other, "stay")).isZero();
        assertThat(chunkEvents(archive.database(), "moved")).isZero();
        assertThat(chunkEvents(other, "moved")).isEqualTo(20);
        assertThat(chunkEvents(archive.database(), "later")).as("the day before the move stays on the default shard").isEqualTo(10);
        assertThat(chunkEvents(other, "later")).isEqualTo(20);
        assertThat(other.queryLong("SELECT COUNT(*) FROM log_entry_marker WHERE entry_key = 'later/1'")).isEqualTo(1);
        assertThat(archive.database().queryLong("SELECT COUNT(*) FROM log_entry_marker WHERE entry_key = 'later/1'")).isEqualTo(1);

        ArchiveReader reader = archive.bean(ArchiveReader.class);
        assertThat(reader.events("later").block(Duration.ofSeconds(30))).extracting(ArchivedEvent::id)
                .containsExactlyElementsOf(later.stream().map(ArchivedEvent::id).toList());
        assertThat(reader.events("moved").block(Duration.ofSeconds(30))).hasSize(20);
        List<ChunkRef> refs = archive.bean(ChunkScan.class).find(new ScanRequest("later", Long.MIN_VALUE + 1, Long.MAX_VALUE,
                List.of(), List.of(), Set.of(), true)).collectList().block(Duration.ofSeconds(30));
        assertThat(refs).extracting(ChunkRef::shard).containsExactly("b", "b", "default");

        assertThat(sink.write(List.of(new ArchiveEntry("later/1", later))).block(Duration.ofSeconds(30))).as("redelivery").isZero();
    }

    @Test
    void theMapSendsEachDayToItsShardAndReadsToEveryOverlappingShard() {
        ShardMap map = new ShardMap("default", List.of(
                new io.sluice.logstore.store.ChunkStoreProperties.Placement("t", "b", MOVE),
                new io.sluice.logstore.store.ChunkStoreProperties.Placement("t", "c", MOVE.plusDays(10))), Set.of("default", "b", "c"));
        long day = 86_400_000_000_000L;
        long move = MOVE.toEpochDay() * day;
        assertThat(map.shardFor("t", move - 1)).isEqualTo("default");
        assertThat(map.shardFor("t", move)).isEqualTo("b");
        assertThat(map.shardFor("t", move + 10 * day)).isEqualTo("c");
        assertThat(map.shardFor("u", move)).isEqualTo("default");
        assertThat(map.shardsFor("t", move - day, move + 1)).containsExactly("default", "b");
        assertThat(map.shardsFor("t", move + day, move + 2 * day)).containsExactly("b");
        assertThat(map.shardsFor("t", 0, Long.MAX_VALUE)).containsExactly("default", "b", "c");
    }
}
