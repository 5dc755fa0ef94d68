package io.sluice.platform.stream;

import java.time.Duration;

/**
 * How a {@link GroupConsumer} reads. Each consuming service maps its own properties to this.
 *
 * @param group the consumer group
 * @param consumerName this instance's consumer name in the group (unique per instance)
 * @param countPerStream most entries read from one stream by one XREADGROUP (and claimed by one
 *     XAUTOCLAIM); every stream gets at most this many per round, which keeps a stream with a
 *     huge backlog from starving the others
 * @param block how long one XREADGROUP waits for new entries
 * @param maxInFlight most batches being handled at once; the next read waits for a free slot
 * @param claimMinIdle how long an entry must have been pending before another consumer takes it over
 * @param claimInterval how often pending entries of idle consumers are looked for
 * @param maxDeliveries an entry claimed after it had been delivered this many times without being
 *     acknowledged (its consumers died or hung on it) is dead-lettered instead
 * @param discoveryInterval how often the stream registry is re-read
 * @param shutdownTimeout how long stopping waits for batches in flight before abandoning them
 *     (they stay pending and are claimed elsewhere)
 * @param linger how long the next read waits after a round in which no stream filled its
 *     {@code countPerStream}: below capacity, entries gather in the streams (in Redis, not in memory)
 *     and the handler gets fewer, larger batches; a full batch means a backlog and the next read
 *     follows at once. Zero reads again at once (one small batch per arrival)
 */
public record GroupSettings(
        String group,
        String consumerName,
        int countPerStream,
        Duration block,
        int maxInFlight,
        Duration claimMinIdle,
        Duration claimInterval,
        int maxDeliveries,
        Duration discoveryInterval,
        Duration shutdownTimeout,
        Duration linger) {

    public GroupSettings {
        if (countPerStream < 1 || maxInFlight < 1 || maxDeliveries < 1) {
            throw new IllegalArgumentException("count per stream, max in flight and max deliveries must be at least 1");
        }
        linger = linger == null || linger.isNegative() ? Duration.ZERO : linger;
    }

    /** Settings without a linger: each read follows the previous one at once. */
    public GroupSettings(String group, String consumerName, int countPerStream, Duration block, int maxInFlight, Duration claimMinIdle,
            Duration claimInterval, int maxDeliveries, Duration discoveryInterval, Duration shutdownTimeout) {
        this(group, consumerName, countPerStream, block, maxInFlight, claimMinIdle, claimInterval, maxDeliveries, discoveryInterval,
                shutdownTimeout, Duration.ZERO);
    }
}
