package io.sluice.agent.core;

/**
 * Delivers serialized {@code LogBatch}es to ingest without making the caller wait. The agent's
 * worker starts a send and goes on; the outcome arrives later through the {@link Callback}, on
 * whatever thread the transport uses, exactly once per send. The batch bytes must stay unchanged
 * until then: the transport may read them at any time before it answers.
 */
public interface BatchSender extends AutoCloseable {

    /**
     * Starts sending {@code length} bytes of {@code batch} (a serialized {@code LogBatch}).
     *
     * @param timeoutNanos deadline of this send, failover to other endpoints included
     * @param callback told once: ingest's answer, or why it did not acknowledge the batch
     */
    void send(byte[] batch, int length, long timeoutNanos, Callback callback);

    /** Releases connections; sends still running fail. Called once when the agent stops. */
    @Override
    void close();

    /** The outcome of one {@link #send}. */
    interface Callback {

        /** Ingest answered (possibly refusing some events: partial success). */
        void completed(SendResult result);

        /** Ingest did not acknowledge the batch. */
        void failed(SendException failure);
    }
}
