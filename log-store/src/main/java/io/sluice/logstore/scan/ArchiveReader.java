package io.sluice.logstore.scan;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Whole-tenant reads of the chunked archive for tools and tests (count a tenant's archived events
 * from the index rows, or list them all); queries go through the query engine instead.
 */
public final class ArchiveReader {

    private final ChunkScan scan;

    /** Reads through {@code scan}. */
    public ArchiveReader(ChunkScan scan) {
        this.scan = scan;
    }

    /** Number of {@code tenant}'s archived events, from the index rows alone. */
    public Mono<Long> count(String tenant) {
        return scan.find(everything(tenant)).map(ChunkRef::events).reduce(0L, (a, b) -> a + b);
    }

    /** Every archived event of {@code tenant}, oldest first. */
    public Mono<List<ArchivedEvent>> events(String tenant) {
        return scan.find(everything(tenant)).concatMap(ref -> scan.read(ref).flatMapMany(Flux::fromIterable)).collectList();
    }

    private static ScanRequest everything(String tenant) {
        return new ScanRequest(tenant, Long.MIN_VALUE + 1, Long.MAX_VALUE, List.of(), List.of(), Set.of(), false);
    }
}
