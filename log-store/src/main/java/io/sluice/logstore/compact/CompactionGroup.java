package io.sluice.logstore.compact;

/**
 * Small chunks that may be merged: one stream's chunks in one (retention class, day) partition and
 * one compaction window.
 *
 * @param tenant the stream's tenant
 * @param streamId the stream
 * @param part the partition key (retention class and day)
 * @param windowStartNanos start of the window the chunks' first events fall in
 * @param chunks how many small chunks the group had when it was found
 */
public record CompactionGroup(String tenant, long streamId, int part, long windowStartNanos, int chunks) {
}
