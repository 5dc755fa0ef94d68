package io.sluice.ingest.buffer;

/**
 * A batch the buffer holds.
 *
 * @param events number of events in the batch
 * @param duplicate whether the batch's idempotency key had been stored before, so this append
 *     stored nothing new (the earlier append holds the events)
 */
public record Appended(int events, boolean duplicate) {
}
