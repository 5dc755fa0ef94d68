package io.sluice.logstore.scan;

import io.sluice.logstore.chunk.MinuteHistogram;
import java.util.Map;

/**
 * The index row of one archived chunk: what the planner knows about a chunk without reading its
 * data. Aggregations over time are answered from these rows alone: a chunk may span many minutes
 * (compacted chunks up to {@code sluice.logstore.compaction.window}), and its {@link #histogram()}
 * gives exact counts by level for every minute-aligned range.
 *
 * @param shard name of the archive shard (database) holding the chunk
 * @param chunkId the chunk's id, unique within its shard
 * @param tenant owner of the chunk's events
 * @param labels the chunk's stream labels ({@code service}, {@code host})
 * @param minTsNanos earliest event time in the chunk
 * @param maxTsNanos latest event time in the chunk
 * @param events number of events in the chunk
 * @param levelCounts events per level ({@code TRACE} … {@code FATAL}, and {@code ""} for none)
 * @param rawBytes total UTF-8 bytes of the chunk's messages before compression
 * @param histogram events per (minute, level); for rows written before histograms existed, a
 *     {@link MinuteHistogram#coarse coarse} one built from {@code levelCounts}
 */
public record ChunkRef(
        String shard,
        long chunkId,
        String tenant,
        Map<String, String> labels,
        long minTsNanos,
        long maxTsNanos,
        int events,
        Map<String, Long> levelCounts,
        long rawBytes,
        MinuteHistogram histogram) {

    public ChunkRef {
        labels = Map.copyOf(labels);
        levelCounts = Map.copyOf(levelCounts);
        if (histogram == null) {
            histogram = MinuteHistogram.coarse(minTsNanos, maxTsNanos, levelCounts);
        }
    }

    /** A row without a stored histogram (written before it existed): the coarse one from {@code levelCounts}. */
    public ChunkRef(String shard, long chunkId, String tenant, Map<String, String> labels, long minTsNanos, long maxTsNanos, int events,
            Map<String, Long> levelCounts, long rawBytes) {
        this(shard, chunkId, tenant, labels, minTsNanos, maxTsNanos, events, levelCounts, rawBytes, null);
    }
}
