package io.sluice.logstore.scan;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads the archive chunk by chunk: finds the chunks a query may need from the index rows (time,
 * labels, level counts, template ids, token blooms) over every shard holding the tenant, and
 * decodes one chunk's events. The query engine is built on it.
 */
public interface ChunkScan {

    /** Index rows of the chunks that may hold matches, in the requested time order. */
    Flux<ChunkRef> find(ScanRequest request);

    /** The events of {@code chunk}, in timestamp order. */
    Mono<List<ArchivedEvent>> read(ChunkRef chunk);

    /**
     * The events of every chunk of {@code chunks}, as each is decoded, in any order. An implementation
     * reads them in as few round trips as it can; the caller bounds the batch (its count and bytes),
     * which bounds the memory one call holds. This default reads them one by one.
     */
    default Flux<ChunkEvents> read(List<ChunkRef> chunks) {
        return Flux.fromIterable(chunks).flatMapSequential(c -> read(c).map(events -> new ChunkEvents(c, events)), 4, 1);
    }

    /**
     * The longest time one chunk spans ({@code maxTs - minTs} is less than this): chunks found newest
     * first by their earliest time can stop a log query once one starts this long before its oldest
     * kept line. {@link Long#MAX_VALUE} when unknown.
     */
    default long maxChunkSpanNanos() {
        return Long.MAX_VALUE;
    }
}
