package io.sluice.agent.core;

import io.sluice.agent.core.spool.DiskSpool;
import io.sluice.agent.core.spool.SpooledBatch;
import java.util.Optional;

/** The agent's {@link BatchSpool} view of the crash-safe {@link DiskSpool}. */
final class DiskBatchSpool implements BatchSpool {

    private final DiskSpool spool;
    private final long maxBytes;

    DiskBatchSpool(DiskSpool spool, long maxBytes) {
        this.spool = spool;
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean append(PendingBatch batch) {
        return spool.append(new SpooledBatch(batch.sequence(), batch.idempotencyKey(), batch.priority(), batch.payload()));
    }

    @Override
    public Optional<PendingBatch> next() {
        return spool.next().map(b -> new PendingBatch(b.sequence(), b.idempotencyKey(), b.priority(), b.payload()));
    }

    @Override
    public void ack(long sequence) {
        spool.ack(sequence);
    }

    @Override
    public long bytesUsed() {
        return spool.bytesUsed();
    }

    @Override
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public int pendingBatches() {
        return spool.pendingBatches();
    }

    @Override
    public long highestSequence() {
        return Math.max(0, spool.lastSequence());
    }

    @Override
    public void close() {
        spool.close();
    }
}
