package io.sluice.agent.core;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A bounded in-memory {@link BatchSpool}, used when the disk spool is disabled: batches survive
 * an outage while the quota lasts, but not a restart.
 */
public final class MemoryBatchSpool implements BatchSpool {

    private final long maxBytes;
    private final Deque<PendingBatch> priority = new ArrayDeque<>();
    private final Deque<PendingBatch> normal = new ArrayDeque<>();
    private long bytes;
    private long highest;

    public MemoryBatchSpool(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean append(PendingBatch batch) {
        if (bytes + batch.payload().length > maxBytes) {
            return false;
        }
        (batch.priority() ? priority : normal).addLast(batch);
        bytes += batch.payload().length;
        highest = Math.max(highest, batch.sequence());
        return true;
    }

    @Override
    public Optional<PendingBatch> next() {
        return Optional.ofNullable(priority.isEmpty() ? normal.peekFirst() : priority.peekFirst());
    }

    @Override
    public void ack(long sequence) {
        for (Deque<PendingBatch> lane : java.util.List.of(priority, normal)) {
            lane.removeIf(b -> {
                if (b.sequence() == sequence) {
                    bytes -= b.payload().length;
                    return true;
                }
                return false;
            });
        }
    }

    @Override
    public long bytesUsed() {
        return bytes;
    }

    @Override
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public int pendingBatches() {
        return priority.size() + normal.size();
    }

    @Override
    public long highestSequence() {
        return highest;
    }

    @Override
    public void close() {
    }
}
