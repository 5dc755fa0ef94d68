package io.sluice.logstore.compact;

import io.sluice.logstore.retention.ClusterLock;
import io.sluice.logstore.shard.ArchiveShard;
import io.sluice.logstore.shard.ArchiveShards;
import io.sluice.platform.lifecycle.PeriodicTask;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs {@link ChunkCompactor#pass} on every shard every {@code interval}, each shard under its own
 * {@link ClusterLock} so that one process at a time compacts a shard (a second one that slipped in
 * after a lock expired only loses its swaps to {@link CompactionConflictException}).
 */
public class CompactionJob extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(CompactionJob.class);

    private final ArchiveShards shards;
    private final ChunkCompactor compactor;
    private final Function<ArchiveShard, ClusterLock> locks;

    /** A job over {@code shards}, locking each with {@code locks}, run every {@code interval}. */
    public CompactionJob(ArchiveShards shards, ChunkCompactor compactor, Function<ArchiveShard, ClusterLock> locks, Duration interval) {
        super(interval, interval);
        this.shards = shards;
        this.compactor = compactor;
        this.locks = locks;
    }

    @Override
    protected Mono<Void> runOnce() {
        return Flux.fromIterable(shards.all())
                .concatMap(shard -> locks.apply(shard).runExclusively(() -> compactor.pass(shard).doOnNext(r -> {
                    if (r.chunksIn() > 0) {
                        log.info("compaction on shard {}: {} chunks -> {}, {} events, {} -> {} stored bytes", shard.name(), r.chunksIn(),
                                r.chunksOut(), r.events(), r.storedBytesIn(), r.storedBytesOut());
                    }
                })))
                .then();
    }
}
