package io.sluice.logstore.compact;

import io.sluice.logstore.chunk.ChunkCodec;
import io.sluice.logstore.chunk.MinuteHistogram;
import io.sluice.logstore.model.ArchivedEvent;
import io.sluice.logstore.schema.ChunkPartitions;
import io.sluice.logstore.shard.ArchiveShard;
import io.sluice.logstore.store.ChunkStoreProperties;
import io.sluice.logstore.write.ChunkInserts;
import io.sluice.logstore.write.ChunkPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Merges a stream's small chunks into big ones on one shard. A chunk is small below both
 * {@code target-events} and {@code target-size} (capped at half the chunk maxima, so a merge always
 * leaves fewer chunks and passes converge). {@link #candidates} finds (stream, partition, window)
 * groups with at least two small chunks whose newest was written more than {@code settle-delay}
 * ago (database clock); {@link #compact} reads up to {@code max-events-per-swap} events of one
 * group, re-cuts them by window and chunk maxima, and swaps in ONE transaction: insert the new
 * chunks, then mark the old ones {@code superseded_at}; if fewer old rows than read were still live,
 * the transaction rolls back ({@link CompactionConflictException}). The index query skips superseded
 * rows, so a query lists either the old set or the new one; {@link #purge} deletes superseded rows
 * after {@code grace}. Idempotency markers are not touched. Decoding and encoding run on Reactor's
 * parallel scheduler.
 */
public class ChunkCompactor {

    private static final Logger log = LoggerFactory.getLogger(ChunkCompactor.class);

    private final ChunkPartitions partitions;
    private final ChunkCodec codec;
    private final ChunkPlan plan;
    private final ChunkStoreProperties.Compaction settings;
    private final long windowNanos;
    private final int smallEvents;
    private final long smallBytes;

    /** A compactor for the archive configured by {@code properties}. */
    public ChunkCompactor(ChunkPartitions partitions, ChunkStoreProperties properties) {
        ChunkStoreProperties.Chunk chunk = properties.chunk();
        this.partitions = partitions;
        this.codec = new ChunkCodec(chunk.zstdLevel());
        this.windowNanos = properties.maxChunkSpan().toNanos();
        this.plan = new ChunkPlan(new ChunkStoreProperties.Chunk(chunk.maxEvents(), chunk.maxBytes(), properties.maxChunkSpan(),
                chunk.zstdLevel(), chunk.writeConcurrency()), properties.retention());
        this.settings = properties.compaction();
        this.smallEvents = Math.max(2, Math.min(settings.targetEvents(), chunk.maxEvents() / 2));
        this.smallBytes = Math.max(2, Math.min(settings.targetSize().toBytes(), chunk.maxBytes().toBytes() / 2));
    }

    /** Groups of {@code shard} worth compacting now, most small chunks first (at most {@code groups-per-pass}). */
    public Flux<CompactionGroup> candidates(ArchiveShard shard) {
        return shard.db().sql("SELECT tenant, stream_id, part, min_ts DIV ? AS w, COUNT(*) AS n FROM log_chunk"
                        + " WHERE superseded_at IS NULL AND events < ? AND raw_bytes < ?"
                        + " GROUP BY tenant, stream_id, part, w"
                        + " HAVING n >= 2 AND MAX(created_at) <= NOW(3) - INTERVAL ? MICROSECOND"
                        + " ORDER BY n DESC LIMIT ?")
                .bind(0, windowNanos).bind(1, smallEvents).bind(2, smallBytes)
                .bind(3, settings.settleDelay().toNanos() / 1000).bind(4, settings.groupsPerPass())
                .map(row -> new CompactionGroup(row.get("tenant", String.class), row.get("stream_id", Long.class),
                        row.get("part", Integer.class), ((Number) row.get("w")).longValue() * windowNanos, ((Number) row.get("n")).intValue()))
                .all();
    }

    /** Every candidate group of {@code shard} compacted in turn (a failed group is skipped), then superseded chunks purged. */
    public Mono<CompactionResult> pass(ArchiveShard shard) {
        return candidates(shard).concatMap(g -> compact(shard, g).onErrorResume(e -> {
                    log.warn("compaction of {} on shard {} failed, left as it was: {}", g, shard.name(), e.toString());
                    return Mono.just(CompactionResult.NONE);
                }))
                .reduce(CompactionResult.NONE, CompactionResult::plus)
                .flatMap(r -> purge(shard).thenReturn(r));
    }

    /** Merges the small chunks of {@code group} (up to {@code max-events-per-swap} events) in one atomic swap. */
    public Mono<CompactionResult> compact(ArchiveShard shard, CompactionGroup group) {
        return members(shard, group).flatMap(members -> members.size() < 2 ? Mono.just(CompactionResult.NONE)
                : partitions.classes(shard).flatMap(classes -> merge(shard, group, members,
                        classes.getOrDefault(ChunkPartitions.classOf(group.part()), ""))));
    }

    /** Deletes chunks superseded more than {@code grace} ago; emits how many. */
    public Mono<Long> purge(ArchiveShard shard) {
        return shard.db().sql("DELETE FROM log_chunk WHERE superseded_at IS NOT NULL AND superseded_at < NOW(3) - INTERVAL ? MICROSECOND"
                        + " LIMIT 10000")
                .bind(0, settings.grace().toNanos() / 1000).fetch().rowsUpdated();
    }

    private Mono<List<Member>> members(ArchiveShard shard, CompactionGroup group) {
        return shard.db().sql("SELECT chunk_id, events FROM log_chunk WHERE part = ? AND stream_id = ? AND superseded_at IS NULL"
                        + " AND events < ? AND raw_bytes < ? AND min_ts >= ? AND min_ts < ? ORDER BY min_ts, chunk_id")
                .bind(0, group.part()).bind(1, group.streamId()).bind(2, smallEvents).bind(3, smallBytes)
                .bind(4, group.windowStartNanos()).bind(5, group.windowStartNanos() + windowNanos)
                .map(row -> new Member(row.get("chunk_id", Long.class), row.get("events", Integer.class)))
                .all().collectList()
                .map(all -> {
                    List<Member> out = new ArrayList<>();
                    long events = 0;
                    for (Member m : all) {
                        if (out.size() >= 2 && events + m.events() > settings.maxEventsPerSwap()) {
                            break;
                        }
                        out.add(m);
                        events += m.events();
                    }
                    return out;
                });
    }

    private Mono<CompactionResult> merge(ArchiveShard shard, CompactionGroup group, List<Member> members, String className) {
        List<Long> ids = members.stream().map(Member::chunkId).toList();
        return shard.db().sql("SELECT c.chunk_id, c.stored_bytes, c.data, s.service, s.host FROM log_chunk c"
                        + " JOIN log_stream s ON s.stream_id = c.stream_id"
                        + " WHERE c.part = ? AND c.chunk_id IN (" + placeholders(ids.size()) + ")")
                .bindValues(values(group.part(), ids))
                .map(row -> new Stored(row.get("chunk_id", Long.class), row.get("stored_bytes", Integer.class), row.get("data", byte[].class),
                        row.get("service", String.class), row.get("host", String.class)))
                .all().collectList()
                .publishOn(Schedulers.parallel())
                .flatMap(stored -> {
                    if (stored.size() != ids.size()) {
                        return Mono.error(new CompactionConflictException(ids.size(), stored.size()));
                    }
                    List<ArchivedEvent> events = new ArrayList<>();
                    long storedIn = 0;
                    for (Stored s : stored) {
                        events.addAll(ChunkCodec.decode(s.data(), group.tenant(), s.service(), s.host(), className));
                        storedIn += s.storedBytes();
                    }
                    events.sort(Comparator.comparingLong(ArchivedEvent::timestampNanos));
                    List<ChunkInserts.NewChunk> rows = new ArrayList<>();
                    long raw = 0;
                    long storedOut = 0;
                    for (ChunkPlan.Group g : plan.cut(events)) {
                        ChunkInserts.NewChunk row = new ChunkInserts.NewChunk(group.part(), group.tenant(), group.streamId(),
                                codec.encode(g.events()), MinuteHistogram.of(g.events()));
                        rows.add(row);
                        raw += row.chunk().rawBytes();
                        storedOut += row.chunk().data().length;
                    }
                    CompactionResult result = new CompactionResult(ids.size(), rows.size(), events.size(), raw, storedIn, storedOut);
                    return swap(shard, group.part(), ids, rows).thenReturn(result);
                });
    }

    /** The atomic swap: new chunks in, old chunks superseded, or neither. */
    Mono<Void> swap(ArchiveShard shard, int part, List<Long> oldIds, List<ChunkInserts.NewChunk> rows) {
        DatabaseClient db = shard.db();
        Mono<Void> work = ChunkInserts.insert(db, rows)
                .then(db.sql("UPDATE log_chunk SET superseded_at = NOW(3) WHERE part = ? AND chunk_id IN (" + placeholders(oldIds.size())
                                + ") AND superseded_at IS NULL")
                        .bindValues(values(part, oldIds)).fetch().rowsUpdated())
                .flatMap(n -> n == oldIds.size() ? Mono.<Void>empty() : Mono.error(new CompactionConflictException(oldIds.size(), n)));
        return shard.tx().transactional(work);
    }

    private static List<Object> values(int part, List<Long> ids) {
        List<Object> out = new ArrayList<>(ids.size() + 1);
        out.add(part);
        out.addAll(ids);
        return out;
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private record Member(long chunkId, int events) {
    }

    private record Stored(long chunkId, int storedBytes, byte[] data, String service, String host) {
    }
}
