package io.sluice.pipeline;

import io.sluice.platform.stream.GroupSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of pipeline-service.
 *
 * @param enabled whether the pipeline runs in this process
 * @param group consumer group on the buffer stream
 * @param consumerName this instance's consumer name in the group; default host name plus a random
 *     suffix, so that two instances never share a name (a restart gets a new name, and the old
 *     name's pending entries are claimed by whoever runs the claimer first)
 * @param batchCount most entries read from one buffer stream by one XREADGROUP (and claimed by one
 *     XAUTOCLAIM); every stream gets at most this many per round, for fairness
 * @param block how long one XREADGROUP waits for new entries
 * @param maxInFlight most batches (one stream's part of a read) archived at once
 * @param maxDeliveries an entry claimed after this many deliveries without acknowledgement is
 *     dead-lettered instead of processed again
 * @param claimMinIdle how long an entry must have been pending (unacknowledged) before another
 *     consumer takes it over
 * @param claimInterval how often pending entries of dead consumers are looked for
 * @param hotMaxEvents events kept in each tenant's hot stream: the newest entries holding at least this
 *     many (whole entries, one per buffer entry, so at most one entry's events more)
 * @param hotDedupWindow how long a buffer entry is remembered as written to the hot tier, so that
 *     a redelivery within this window does not repeat its events there
 * @param trimInterval how often the buffer streams are trimmed to what every consumer group has finished
 * @param shutdownTimeout how long stopping waits for the batches in flight before abandoning them
 *     (it stays pending and is claimed by another instance)
 * @param linger how long the next read waits after a round in which no stream had {@code batchCount}
 *     entries waiting (no backlog): the entries gather in Redis meanwhile, so below capacity each
 *     archive write carries more entries (bigger chunks, fewer transactions) at the price of at most
 *     this much added latency; under a backlog reads follow at once. {@code 0} = no linger
 */
@ConfigurationProperties("sluice.pipeline")
public record PipelineProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("pipeline") String group,
        String consumerName,
        @DefaultValue("64") int batchCount,
        @DefaultValue("1s") Duration block,
        @DefaultValue("4") int maxInFlight,
        @DefaultValue("5") int maxDeliveries,
        @DefaultValue("30s") Duration claimMinIdle,
        @DefaultValue("5s") Duration claimInterval,
        @DefaultValue("100000") long hotMaxEvents,
        @DefaultValue("10m") Duration hotDedupWindow,
        @DefaultValue("30s") Duration trimInterval,
        @DefaultValue("10s") Duration shutdownTimeout,
        @DefaultValue("200ms") Duration linger) {

    public PipelineProperties {
        if (consumerName == null || consumerName.isBlank()) {
            consumerName = hostName() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        }
        if (batchCount < 1) {
            throw new IllegalArgumentException("sluice.pipeline.batch-count must be at least 1, was " + batchCount);
        }
    }

    /** The shared consumer loop's settings for these properties. */
    public GroupSettings groupSettings(Duration discoveryInterval) {
        return new GroupSettings(group, consumerName, batchCount, block, maxInFlight, claimMinIdle, claimInterval, maxDeliveries,
                discoveryInterval, shutdownTimeout, linger);
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "pipeline";
        }
    }
}
