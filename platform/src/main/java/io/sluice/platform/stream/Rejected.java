package io.sluice.platform.stream;

/**
 * An entry an {@link EntryHandler} can never process (e.g. not a {@code LogBatch}); the consumer
 * copies it to the dead-letter stream and acknowledges it.
 *
 * @param entryId the entry's id
 * @param reason why, for the operator reading {@code {p}buffer:dead}
 */
public record Rejected(String entryId, String reason) {
}
