package io.sluice.agent.core.spool;

import java.util.Arrays;
import java.util.Objects;

/**
 * One batch as spooled: its agent sequence, idempotency key, priority lane and LogBatch bytes.
 * The sequence identifies the batch inside the spool (it is what {@link DiskSpool#ack} takes);
 * the idempotency key travels with the batch so a resend after a restart is still recognised by
 * ingest.
 *
 * @param sequence the agent's batch sequence, non-negative and increasing from batch to batch
 * @param idempotencyKey key ingest de-duplicates on (at most 65,535 UTF-8 bytes)
 * @param priority whether the batch is sent before normal batches (it holds ERROR events)
 * @param payload the encoded {@code LogBatch}
 */
public record SpooledBatch(long sequence, String idempotencyKey, boolean priority, byte[] payload) {

    public SpooledBatch {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SpooledBatch that
                && sequence == that.sequence
                && priority == that.priority
                && idempotencyKey.equals(that.idempotencyKey)
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, idempotencyKey, priority, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "SpooledBatch[sequence=" + sequence + ", idempotencyKey=" + idempotencyKey
                + ", priority=" + priority + ", payload=" + payload.length + " bytes]";
    }
}
