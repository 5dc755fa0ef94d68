package io.sluice.logstore.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sluice.common.event.EventIds;
import io.sluice.logstore.TestArchive;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.scan.ArchiveReader;
import io.sluice.logstore.schema.ChunkPartitions;
import io.sluice.logstore.shard.ArchiveShards;
import io.sluice.logstore.store.ChunkStoreProperties;
import io.sluice.logstore.write.ArchiveEntry;
import io.sluice.logstore.write.ArchiveSink;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RetentionJobTest {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    static TestArchive archive;
    static RedisClient redisClient;
    static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        archive = new TestArchive(Map.of(
                "sluice.logstore.retention.classes.short", "1",
                "sluice.logstore.retention.classes.long", "30",
                "sluice.logstore.retention.default-class", "long"));
        redisClient = RedisClient.create("redis://127.0.0.1:6379");
        redis = redisClient.connect();
    }

    @AfterAll
    static void stop() {
        redis.close();
        redisClient.shutdown();
        archive.close();
    }

    static ArchivedEvent event(String tenant, LocalDate day, String retentionClass, int i) {
        long nanos = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L + 3_600_000_000_000L + i;
        return new ArchivedEvent(EventIds.next(), tenant, nanos, "svc", "h", "INFO", "line " + i, null, null, 0L, retentionClass);
    }

    static long countOn(String tenant, LocalDate day) {
        return archive.bean(ArchiveReader.class).events(tenant).block(Duration.ofSeconds(30)).stream()
                .filter(e -> Math.floorDiv(e.timestampNanos(), 86_400_000_000_000L) == day.toEpochDay()).count();
    }

    @Test
    void anExpiredDayOfOneClassIsDroppedWhileOtherDaysAndClassesAreKept() {
        List<ArchivedEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event("ret", TODAY.minusDays(3), "short", i));
            events.add(event("ret", TODAY.minusDays(1), "short", i));
            events.add(event("ret", TODAY, "short", i));
            events.add(event("ret", TODAY.minusDays(3), "", i));
            events.add(event("ret", TODAY.minusDays(3), "no-such-class", 100 + i));
        }
        assertThat(archive.bean(ArchiveSink.class).write(List.of(new ArchiveEntry("ret/1", events))).block(Duration.ofSeconds(30))).isEqualTo(25);
        assertThat(countOn("ret", TODAY.minusDays(3))).isEqualTo(15);

        RetentionJob job = new RetentionJob(archive.bean(ArchiveShards.class), archive.bean(ChunkPartitions.class),
                archive.bean(ChunkStoreProperties.class).retention(), lock(), Clock.systemUTC());
        List<Integer> dropped = job.enforce(TODAY).block(Duration.ofSeconds(60));

        assertThat(dropped).hasSize(1);
        assertThat(ChunkPartitions.dayOf(dropped.get(0))).isEqualTo((int) TODAY.minusDays(3).toEpochDay());
        assertThat(countOn("ret", TODAY.minusDays(3))).as("the long class's events of that day stay").isEqualTo(10);
        assertThat(countOn("ret", TODAY.minusDays(1))).isEqualTo(5);
        assertThat(countOn("ret", TODAY)).isEqualTo(5);
        List<String> parts = archive.database().queryColumn("SELECT PARTITION_DESCRIPTION FROM information_schema.PARTITIONS"
                + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'log_chunk'");
        for (int ahead = 0; ahead <= 2; ahead++) {
            long day = TODAY.plusDays(ahead).toEpochDay();
            assertThat(parts).as("partitions created ahead").anyMatch(p -> Long.parseLong(p.trim()) % ChunkPartitions.CLASS_FACTOR == day);
        }
        assertThat(job.enforce(TODAY).block(Duration.ofSeconds(60))).as("a second pass drops nothing more").isEmpty();
    }

    ClusterLock lock() {
        return new ClusterLock(redis.reactive(), "test-store:" + UUID.randomUUID() + ":lock", Duration.ofSeconds(30));
    }

    @Test
    void theLockLetsOneHolderRunAndIsReleasedOnlyByItsOwner() {
        String key = "test-store:" + UUID.randomUUID() + ":lock";
        ClusterLock a = new ClusterLock(redis.reactive(), key, Duration.ofSeconds(30));
        ClusterLock b = new ClusterLock(redis.reactive(), key, Duration.ofSeconds(30));
        AtomicInteger runs = new AtomicInteger();
        Boolean inner = a.runExclusively(() -> {
            runs.incrementAndGet();
            return b.runExclusively(() -> Mono.fromRunnable(runs::incrementAndGet));
        }).then(redis.reactive().exists(key)).map(n -> n == 0).block(Duration.ofSeconds(10));
        assertThat(runs).hasValue(1);
        assertThat(inner).as("released after the run").isTrue();
        redis.sync().set(key, "someone-else");
        assertThat(a.runExclusively(() -> Mono.fromRunnable(runs::incrementAndGet)).block(Duration.ofSeconds(10))).isFalse();
        assertThat(redis.sync().get(key)).as("not released by a non-owner").isEqualTo("someone-else");
        redis.sync().del(key);
    }
}
