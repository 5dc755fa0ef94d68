package io.sluice.logstore.write;

import io.sluice.logstore.chunk.ChunkCodec;
import io.sluice.logstore.chunk.EncodedChunk;
import io.sluice.logstore.chunk.MinuteHistogram;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.schema.ChunkPartitions;
import io.sluice.logstore.shard.ArchiveShard;
import io.sluice.logstore.shard.ArchiveShards;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The chunked archive's {@link ArchiveSink}. For one call it routes each entry's events to the
 * shard of their tenant and day, drops entries the shard has already marked, cuts the rest into
 * chunks ({@link ChunkPlan}) and compresses them on Reactor's parallel scheduler, then writes, per
 * shard, the entry markers and all chunks in ONE transaction. A marker's primary key is the
 * entry key: when two consumers write the same entry at once, the second insert waits for the
 * first transaction and is then ignored, and only the entries this transaction marked itself
 * (its random {@code txn} token) are stored — so redelivery never duplicates events.
 */
public class ChunkArchive implements ArchiveSink {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final ArchiveShards shards;
    private final ChunkPartitions partitions;
    private final ChunkEncoder encoder;
    private final int concurrency;

    /** Writes to {@code shards}, cutting with {@code plan} and compressing with {@code codec}, {@code concurrency} shards at a time. */
    public ChunkArchive(ArchiveShards shards, ChunkPartitions partitions, ChunkPlan plan, ChunkCodec codec, int concurrency) {
        this.shards = shards;
        this.partitions = partitions;
        this.encoder = new ChunkEncoder(plan, codec);
        this.concurrency = Math.max(1, concurrency);
    }

    @Override
    public Mono<Long> write(List<ArchiveEntry> entries) {
        if (entries.stream().allMatch(e -> e.events().isEmpty())) {
            return Mono.just(0L);
        }
        return Mono.fromCallable(() -> route(entries))
                .subscribeOn(Schedulers.parallel())
                .flatMapMany(byShard -> Flux.fromIterable(byShard.entrySet()))
                .flatMap(e -> writeShard(shards.shard(e.getKey()), e.getValue()), concurrency)
                .reduce(0L, Long::sum);
    }

    /** Entries by shard; the shard map resolves by tenant and day, so it is asked once per run of equal (tenant, day) in an entry. */
    private Map<String, List<ArchiveEntry>> route(List<ArchiveEntry> entries) {
        Map<String, Map<String, List<ArchivedEvent>>> byShard = new LinkedHashMap<>();
        for (ArchiveEntry entry : entries) {
            String tenant = null;
            long day = 0;
            List<ArchivedEvent> target = null;
            for (ArchivedEvent e : entry.events()) {
                long eventDay = Math.floorDiv(e.timestampNanos(), NANOS_PER_DAY);
                if (target == null || eventDay != day || !Objects.equals(e.tenant(), tenant)) {
                    String shard = shards.forWrite(e.tenant(), e.timestampNanos()).name();
                    target = byShard.computeIfAbsent(shard, s -> new LinkedHashMap<>())
                            .computeIfAbsent(entry.entryKey(), k -> new ArrayList<>());
                    tenant = e.tenant();
                    day = eventDay;
                }
                target.add(e);
            }
        }
        Map<String, List<ArchiveEntry>> out = new LinkedHashMap<>();
        byShard.forEach((shard, byKey) -> out.put(shard,
                byKey.entrySet().stream().map(e -> new ArchiveEntry(e.getKey(), e.getValue())).toList()));
        return out;
    }

    private Mono<Long> writeShard(ArchiveShard shard, List<ArchiveEntry> entries) {
        return attempt(shard, entries).onErrorResume(e -> isMissingPartition(e), e -> {
            partitions.forget(shard);
            return attempt(shard, entries);
        });
    }

    private Mono<Long> attempt(ArchiveShard shard, List<ArchiveEntry> entries) {
        List<String> keys = entries.stream().map(ArchiveEntry::entryKey).sorted().toList();
        return alreadyMarked(shard.db(), keys).flatMap(done -> {
            List<ArchiveEntry> todo = entries.stream().filter(e -> !done.contains(e.entryKey())).toList();
            if (todo.isEmpty()) {
                return Mono.just(0L);
            }
            return encode(shard, todo).flatMap(chunks -> prepare(shard, chunks)
                    .then(transaction(shard, todo, chunks)));
        });
    }

    private Mono<Long> transaction(ArchiveShard shard, List<ArchiveEntry> todo, List<Row> planned) {
        long txn = ThreadLocalRandom.current().nextLong();
        List<String> keys = todo.stream().map(ArchiveEntry::entryKey).sorted().toList();
        Mono<Long> work = mark(shard.db(), keys, txn)
                .then(won(shard.db(), keys, txn))
                .flatMap(mine -> {
                    if (mine.isEmpty()) {
                        return Mono.just(0L);
                    }
                    Mono<List<Row>> rows = mine.size() == keys.size() ? Mono.just(planned)
                            : encode(shard, todo.stream().filter(e -> mine.contains(e.entryKey())).toList());
                    return rows.flatMap(r -> ChunkInserts.insert(shard.db(), r.stream().map(Row::toInsert).toList()).thenReturn(r.stream().mapToLong(x -> x.chunk().events()).sum()));
                });
        return shard.tx().transactional(work);
    }

    private Mono<List<Row>> encode(ArchiveShard shard, List<ArchiveEntry> entries) {
        return Mono.fromCallable(() -> encoder.encode(entries)).subscribeOn(Schedulers.parallel()).flatMap(pending -> {
            Set<String> classes = new HashSet<>();
            pending.forEach(p -> classes.add(p.key().retentionClass()));
            return Flux.fromIterable(classes)
                    .concatMap(c -> partitions.classId(shard, c).map(id -> Map.entry(c, id)))
                    .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                    .map(ids -> pending.stream().map(p -> new Row(p.key(), p.chunk(), p.histogram(),
                            ChunkPartitions.part(ids.get(p.key().retentionClass()), Math.floorDiv(p.chunk().minTsNanos(), NANOS_PER_DAY))))
                            .toList());
        });
    }

    /** Partitions and stream rows: both idempotent, and DDL must stay out of the transaction. */
    private Mono<Void> prepare(ArchiveShard shard, List<Row> rows) {
        Set<Integer> parts = new HashSet<>();
        Map<Long, ChunkPlan.Key> streams = new TreeMap<>();
        for (Row r : rows) {
            parts.add(r.part());
            streams.putIfAbsent(StreamIds.of(r.key().tenant(), r.key().service(), r.key().host()), r.key());
        }
        StringBuilder sql = new StringBuilder("INSERT IGNORE INTO log_stream (stream_id, tenant, service, host) VALUES ");
        int i = 0;
        for (int n = 0; n < streams.size(); n++) {
            sql.append(n == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)");
        }
        DatabaseClient.GenericExecuteSpec spec = shard.db().sql(sql.toString());
        for (Map.Entry<Long, ChunkPlan.Key> s : streams.entrySet()) {
            spec = spec.bind(i++, s.getKey()).bind(i++, s.getValue().tenant()).bind(i++, s.getValue().service()).bind(i++, s.getValue().host());
        }
        return partitions.ensure(shard, parts).then(spec.fetch().rowsUpdated()).then();
    }

    private static Mono<Set<String>> alreadyMarked(DatabaseClient db, List<String> keys) {
        return Flux.fromIterable(partition(keys, 500))
                .concatMap(part -> db.sql("SELECT entry_key FROM log_entry_marker WHERE entry_key IN (" + placeholders(part.size()) + ")")
                        .bindValues(new ArrayList<Object>(part))
                        .map(row -> row.get(0, String.class)).all())
                .collect(HashSet<String>::new, Set::add)
                .map(s -> (Set<String>) s);
    }

    private static Mono<Void> mark(DatabaseClient db, List<String> keys, long txn) {
        return Flux.fromIterable(partition(keys, 500)).concatMap(part -> {
            StringBuilder sql = new StringBuilder("INSERT IGNORE INTO log_entry_marker (entry_key, txn) VALUES ");
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
                values.add(part.get(i));
                values.add(txn);
            }
            return db.sql(sql.toString()).bindValues(values).fetch().rowsUpdated();
        }).then();
    }

    private static Mono<Set<String>> won(DatabaseClient db, List<String> keys, long txn) {
        return Flux.fromIterable(partition(keys, 500))
                .concatMap(part -> {
                    List<Object> values = new ArrayList<Object>(part);
                    values.add(txn);
                    return db.sql("SELECT entry_key FROM log_entry_marker WHERE entry_key IN (" + placeholders(part.size()) + ") AND txn = ?")
                            .bindValues(values)
                            .map(row -> row.get(0, String.class)).all();
                })
                .collect(HashSet<String>::new, Set::add)
                .map(s -> (Set<String>) s);
    }

    private static boolean isMissingPartition(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("no partition for value")) {
                return true;
            }
        }
        return false;
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static <T> List<List<T>> partition(List<T> list, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i += size) {
            out.add(list.subList(i, Math.min(list.size(), i + size)));
        }
        return out;
    }

    private record Row(ChunkPlan.Key key, EncodedChunk chunk, MinuteHistogram histogram, int part) {

        ChunkInserts.NewChunk toInsert() {
            return new ChunkInserts.NewChunk(part, key.tenant(), StreamIds.of(key.tenant(), key.service(), key.host()), chunk, histogram);
        }
    }
}
