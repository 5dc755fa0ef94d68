package io.sluice.logstore.scan;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.List;

/**
 * One chunk's decoded events, as a batched read ({@link ChunkScan#read(List)}) hands them out: the
 * chunks of a batch come back in any order, so each carries its index row.
 *
 * @param chunk the index row of the chunk read
 * @param events its events, in timestamp order
 */
public record ChunkEvents(ChunkRef chunk, List<ArchivedEvent> events) {
}
