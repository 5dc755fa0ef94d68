package io.sluice.logstore.retention;

import io.sluice.logstore.schema.ChunkPartitions;
import io.sluice.logstore.shard.ArchiveShard;
import io.sluice.logstore.shard.ArchiveShards;
import io.sluice.logstore.store.ChunkStoreProperties;
import io.sluice.platform.lifecycle.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Enforces retention on every shard, one process cluster-wide at a time ({@link ClusterLock}):
 * drops each (class, day) partition of {@code log_chunk} once the whole day is older than its
 * class's days (so events are kept at least that long), creates the
 * partitions of today and the next {@code daysAhead} days for every configured class, and deletes
 * idempotency markers older than {@code markerTtl}. Partitions of classes no longer configured are
 * kept (dropping data because a name disappeared from the configuration would be too easy).
 */
public class RetentionJob extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final ArchiveShards shards;
    private final ChunkPartitions partitions;
    private final ChunkStoreProperties.Retention retention;
    private final ClusterLock lock;
    private final Clock clock;

    /** A job on {@code shards} with {@code retention}'s rules, run every {@code retention.interval()}. */
    public RetentionJob(ArchiveShards shards, ChunkPartitions partitions, ChunkStoreProperties.Retention retention, ClusterLock lock,
            Clock clock) {
        super(Duration.ofSeconds(30), retention.interval());
        this.shards = shards;
        this.partitions = partitions;
        this.retention = retention;
        this.lock = lock;
        this.clock = clock;
    }

    @Override
    protected Mono<Void> runOnce() {
        return lock.runExclusively(() -> enforce(LocalDate.now(clock))).then();
    }

    /** One pass over every shard as of {@code today} (UTC); emits the dropped partition keys. */
    public Mono<List<Integer>> enforce(LocalDate today) {
        return Flux.fromIterable(shards.all()).concatMap(shard -> enforce(shard, today)).collectList();
    }

    private Flux<Integer> enforce(ArchiveShard shard, LocalDate today) {
        Mono<Map<String, Integer>> ids = Flux.fromIterable(retention.classes().keySet())
                .concatMap(name -> partitions.classId(shard, name).map(id -> Map.entry(name, id)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return ids.zipWith(partitions.classes(shard)).flatMapMany(t -> {
            Map<String, Integer> byName = t.getT1();
            Map<Integer, String> byId = t.getT2();
            List<Integer> ahead = new ArrayList<>();
            byName.values().forEach(id -> {
                for (int d = 0; d <= retention.daysAhead(); d++) {
                    ahead.add(ChunkPartitions.part(id, today.plusDays(d).toEpochDay()));
                }
            });
            Flux<Integer> dropped = partitions.list(shard).flatMapMany(Flux::fromIterable).filter(part -> {
                Integer days = retention.classes().get(byId.get(ChunkPartitions.classOf(part)));
                return days != null && ChunkPartitions.dayOf(part) < today.minusDays(days).toEpochDay();
            }).concatMap(part -> partitions.drop(shard, part).thenReturn(part)
                    .doOnNext(p -> log.info("retention: dropped partition p{} (class {}, day {}) of shard {}", p,
                            byId.get(ChunkPartitions.classOf(p)), LocalDate.ofEpochDay(ChunkPartitions.dayOf(p)), shard.name())));
            return dropped.concatWith(partitions.ensure(shard, new java.util.HashSet<>(ahead)).then(Mono.empty()))
                    .concatWith(shard.db().sql("DELETE FROM log_entry_marker WHERE created_at < NOW() - INTERVAL ? SECOND")
                            .bind(0, retention.markerTtl().toSeconds()).fetch().rowsUpdated().then(Mono.empty()));
        });
    }
}
