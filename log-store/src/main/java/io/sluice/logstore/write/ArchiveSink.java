package io.sluice.logstore.write;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where the pipeline writes archived events. Completes only once every entry is durable (committed),
 * so that the caller may acknowledge the buffer entries; errors when anything could not be stored.
 */
public interface ArchiveSink {

    /**
     * Stores the events of {@code entries}, skipping entries whose key is already archived.
     *
     * @return the number of events newly stored
     */
    Mono<Long> write(List<ArchiveEntry> entries);
}
