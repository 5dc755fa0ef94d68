package io.sluice.logstore.engine;

import io.sluice.logstore.scan.ChunkRef;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Cuts a query's stream of chunks into read batches, each fetched with one database query: the
 * first of at most {@code firstChunks} chunks, each next one twice as large up to
 * {@code maxChunks}, and none over about {@code maxBytes} uncompressed message bytes (a batch closes
 * at the chunk that reaches it). Small first batches keep a log query whose limit the newest chunks
 * fill from fetching chunks it will not need; large later ones save round trips; the byte bound
 * bounds the data a query holds at once.
 */
final class ReadBatches {

    private ReadBatches() {
    }

    static Flux<List<ChunkRef>> of(Flux<ChunkRef> chunks, int firstChunks, int maxChunks, long maxBytes) {
        return Flux.defer(() -> {
            long[] state = {0, 0, Math.max(1, Math.min(firstChunks, maxChunks))};
            return chunks.bufferUntil(ref -> {
                state[0]++;
                state[1] += ref.rawBytes();
                if (state[0] >= state[2] || state[1] >= maxBytes) {
                    state[0] = 0;
                    state[1] = 0;
                    state[2] = Math.min(maxChunks, state[2] * 2);
                    return true;
                }
                return false;
            });
        });
    }
}
