package io.sluice.logstore.chunk;

import java.util.Map;

/**
 * One encoded chunk and the facts its index row records about it.
 *
 * @param data the chunk bytes as stored ({@link ChunkCodec} format)
 * @param events number of events
 * @param minTsNanos earliest event time
 * @param maxTsNanos latest event time
 * @param rawBytes UTF-8 bytes of the events' messages before compression
 * @param levelCounts events per level ({@code ""} for none)
 * @param templateIds distinct template ids, ascending ({@code 0} for events without one)
 * @param bloom the messages' trigram bloom filter ({@link TrigramBloom})
 */
public record EncodedChunk(
        byte[] data,
        int events,
        long minTsNanos,
        long maxTsNanos,
        long rawBytes,
        Map<String, Long> levelCounts,
        long[] templateIds,
        byte[] bloom) {
}
