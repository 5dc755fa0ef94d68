package io.sluice.logstore.engine;

/**
 * What running a query cost, reported with its result (and by the Loki API as {@code stats}).
 *
 * @param chunksTotal chunks overlapping the time range for the tenant
 * @param chunksRead chunks actually decoded after pruning
 * @param hotEventsScanned events read from the hot tier
 * @param eventsScanned events the pipeline evaluated
 * @param bytesRead compressed bytes read from the archive
 * @param tookNanos wall time
 */
public record QueryStats(long chunksTotal, long chunksRead, long hotEventsScanned, long eventsScanned, long bytesRead, long tookNanos) {
}
