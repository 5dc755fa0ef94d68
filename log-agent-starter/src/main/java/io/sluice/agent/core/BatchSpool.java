package io.sluice.agent.core;

import java.util.Optional;

/**
 * Where the worker parks batches it cannot send now: the disk spool, or a bounded in-memory one
 * when the disk spool is disabled. Used by the worker thread only.
 */
public interface BatchSpool extends AutoCloseable {

    /** Stores {@code batch}; false (nothing stored) when the quota would be exceeded. */
    boolean append(PendingBatch batch);

    /** The oldest unacknowledged batch, priority lane first; does not remove it. */
    Optional<PendingBatch> next();

    /** Removes the batch with {@code sequence} (delivered, or given up). */
    void ack(long sequence);

    long bytesUsed();

    long maxBytes();

    int pendingBatches();

    /** The highest sequence stored, or 0; new sequences continue above it. */
    long highestSequence();

    @Override
    void close();
}
