package io.sluice.agent.core;

/**
 * One encoded batch that ingest has not acknowledged yet.
 *
 * @param sequence the agent's batch sequence (unique across restarts of the same spool)
 * @param idempotencyKey {@code instanceId:sequence}, persisted so resends are de-duplicated
 * @param priority whether it belongs to the ERROR lane, sent before the others
 * @param payload the serialized {@code LogBatch}
 */
public record PendingBatch(long sequence, String idempotencyKey, boolean priority, byte[] payload) {
}
