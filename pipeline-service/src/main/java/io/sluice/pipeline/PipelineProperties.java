package io.sluice.pipeline;

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
 * @param batchCount most entries read by one XREADGROUP (and claimed by one XAUTOCLAIM)
 * @param block how long one XREADGROUP waits for new entries
 * @param claimMinIdle how long an entry must have been pending (unacknowledged) before another
 *     consumer takes it over
 * @param claimInterval how often pending entries of dead consumers are looked for
 * @param hotMaxEvents approximate cap of each tenant's hot stream ({@code XADD MAXLEN ~})
 * @param hotDedupWindow how long a buffer entry is remembered as written to the hot tier, so that
 *     a redelivery within this window does not repeat its events there
 * @param trimInterval how often the buffer is trimmed to what every consumer group has finished
 * @param shutdownTimeout how long stopping waits for the batch in flight before abandoning it
 *     (it stays pending and is claimed by another instance)
 */
@ConfigurationProperties("sluice.pipeline")
public record PipelineProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("pipeline") String group,
        String consumerName,
        @DefaultValue("64") int batchCount,
        @DefaultValue("1s") Duration block,
        @DefaultValue("30s") Duration claimMinIdle,
        @DefaultValue("5s") Duration claimInterval,
        @DefaultValue("100000") long hotMaxEvents,
        @DefaultValue("10m") Duration hotDedupWindow,
        @DefaultValue("30s") Duration trimInterval,
        @DefaultValue("10s") Duration shutdownTimeout) {

    public PipelineProperties {
        if (consumerName == null || consumerName.isBlank()) {
            consumerName = hostName() + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        }
        if (batchCount < 1) {
            throw new IllegalArgumentException("sluice.pipeline.batch-count must be at least 1, was " + batchCount);
        }
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
