package io.sluice.logstore.schema;

import io.sluice.logstore.shard.ArchiveShard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The (retention class, day) partitions of {@code log_chunk} and the class ids behind them.
 * {@code part = classId * }{@value #CLASS_FACTOR}{@code  + epochDay}; partition {@code p<part>}
 * holds exactly that value (LIST partitioning), so partitions are added in any order and one
 * class's day is dropped without touching the others. Known partitions and class ids are cached
 * per shard; DDL never runs inside a write transaction (it would commit it).
 */
public final class ChunkPartitions {

    /** Multiplier of the class id in the partition key. */
    public static final int CLASS_FACTOR = 100_000;

    private final Map<String, Set<Integer>> known = new ConcurrentHashMap<>();
    private final Map<String, Integer> classIds = new ConcurrentHashMap<>();

    /** The partition key of {@code classId}'s events on {@code epochDay}. */
    public static int part(int classId, long epochDay) {
        return Math.toIntExact(classId * (long) CLASS_FACTOR + epochDay);
    }

    /** The class id in partition key {@code part}. */
    public static int classOf(int part) {
        return part / CLASS_FACTOR;
    }

    /** The epoch day in partition key {@code part}. */
    public static int dayOf(int part) {
        return part % CLASS_FACTOR;
    }

    /** The id of retention class {@code name} on {@code shard}, registering the class on first use. */
    public Mono<Integer> classId(ArchiveShard shard, String name) {
        Integer cached = classIds.get(shard.name() + '\u0000' + name);
        if (cached != null) {
            return Mono.just(cached);
        }
        return shard.db().sql("INSERT IGNORE INTO log_retention_class (name) VALUES (?)").bind(0, name).fetch().rowsUpdated()
                .then(shard.db().sql("SELECT class_id FROM log_retention_class WHERE name = ?").bind(0, name)
                        .map(row -> ((Number) row.get(0)).intValue()).one())
                .doOnNext(id -> classIds.put(shard.name() + '\u0000' + name, id));
    }

    /** Every retention class of {@code shard}: id to name. */
    public Mono<Map<Integer, String>> classes(ArchiveShard shard) {
        return shard.db().sql("SELECT class_id, name FROM log_retention_class")
                .map(row -> Map.entry(((Number) row.get(0)).intValue(), row.get(1, String.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /** The partition keys {@code log_chunk} has on {@code shard} (without the empty {@code p0}). */
    public Mono<Set<Integer>> list(ArchiveShard shard) {
        return shard.db().sql("SELECT PARTITION_DESCRIPTION FROM information_schema.PARTITIONS"
                        + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'log_chunk' AND PARTITION_NAME IS NOT NULL")
                .map(row -> Integer.parseInt(row.get(0, String.class).trim()))
                .all()
                .filter(p -> p != 0)
                .collect(TreeSet<Integer>::new, Set::add)
                .map(s -> (Set<Integer>) s)
                .doOnNext(s -> known.put(shard.name(), ConcurrentHashMap.newKeySet()))
                .doOnNext(s -> known.get(shard.name()).addAll(s));
    }

    /** Makes sure {@code shard} has a partition for each of {@code parts}. */
    public Mono<Void> ensure(ArchiveShard shard, Set<Integer> parts) {
        Set<Integer> have = known.get(shard.name());
        if (have != null && have.containsAll(parts)) {
            return Mono.empty();
        }
        Mono<Set<Integer>> current = have == null ? list(shard) : Mono.just(have);
        return current.flatMap(existing -> {
            List<Integer> missing = new ArrayList<>();
            for (int p : parts) {
                if (!existing.contains(p)) {
                    missing.add(p);
                }
            }
            return Flux.fromIterable(missing).concatMap(p -> add(shard, p)).then();
        });
    }

    private Mono<Void> add(ArchiveShard shard, int part) {
        return shard.db().sql("ALTER TABLE log_chunk ADD PARTITION (PARTITION p" + part + " VALUES IN (" + part + "))")
                .then()
                .onErrorResume(e -> list(shard).flatMap(now -> now.contains(part) ? Mono.empty() : Mono.error(e)))
                .doOnSuccess(v -> known.computeIfAbsent(shard.name(), n -> ConcurrentHashMap.newKeySet()).add(part));
    }

    /** Drops partition {@code part} of {@code shard} with all its chunks. */
    public Mono<Void> drop(ArchiveShard shard, int part) {
        return shard.db().sql("ALTER TABLE log_chunk DROP PARTITION p" + part).then()
                .doOnSuccess(v -> {
                    Set<Integer> have = known.get(shard.name());
                    if (have != null) {
                        have.remove(part);
                    }
                });
    }

    /** Forgets the cached partitions of {@code shard} (another process may have dropped some). */
    public void forget(ArchiveShard shard) {
        known.remove(shard.name());
    }
}
