package io.sluice.analytics;

import io.sluice.analytics.anomaly.AnomalyProperties;
import io.sluice.analytics.window.WindowProperties;
import io.sluice.platform.stream.GroupSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of analytics-service: how it consumes the buffer stream, how long statistics live,
 * and where alert-service's {@code AlertIntake} is.
 *
 * @param enabled whether analytics runs in this process
 * @param group consumer group on the buffer stream
 * @param consumerName this instance's consumer name in the group; defaults to host name plus a
 *     random suffix, so two instances on one host never share pending entries
 * @param batchCount most entries read from one buffer stream by one XREADGROUP (or claimed by one
 *     XAUTOCLAIM); every stream gets at most this many per round, for fairness
 * @param block how long one XREADGROUP waits for new entries
 * @param maxInFlight most batches (one stream's part of a read) processed at once
 * @param maxDeliveries an entry claimed after this many deliveries without acknowledgement is
 *     dead-lettered instead of processed again
 * @param claimMinIdle how long an entry must be pending before XAUTOCLAIM takes it over from a
 *     dead consumer
 * @param claimInterval how often pending entries are claimed
 * @param statsTtl how long a per-minute statistics hash is kept
 * @param alertTarget gRPC target of alert-service's {@code AlertIntake}, e.g.
 *     {@code static://localhost:9317} or {@code localhost:9317}
 * @param matcherRefresh how often the alert rules' queries are fetched from alert-service
 * @param reportTimeout deadline of one gRPC call to alert-service, and how long a report sent over
 *     the findings stream may wait for its ack before the stream is considered broken
 * @param reportWindow most findings batches sent over the stream to alert-service and not yet
 *     acknowledged; further reports wait (and so does the buffer consumer behind them)
 * @param alertingEnabled whether events are matched against alert rules and reported
 * @param shutdownTimeout how long stopping waits for the batches in flight before abandoning them
 * @param anomaly anomaly detection ({@code sluice.analytics.anomaly.*})
 * @param window window statistics and leaderboards ({@code sluice.analytics.window.*})
 */
@ConfigurationProperties("sluice.analytics")
public record AnalyticsProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("analytics") String group,
        String consumerName,
        @DefaultValue("64") int batchCount,
        @DefaultValue("1s") Duration block,
        @DefaultValue("4") int maxInFlight,
        @DefaultValue("5") int maxDeliveries,
        @DefaultValue("30s") Duration claimMinIdle,
        @DefaultValue("5s") Duration claimInterval,
        @DefaultValue("48h") Duration statsTtl,
        @DefaultValue("static://localhost:9317") String alertTarget,
        @DefaultValue("2s") Duration matcherRefresh,
        @DefaultValue("5s") Duration reportTimeout,
        @DefaultValue("64") int reportWindow,
        @DefaultValue("true") boolean alertingEnabled,
        @DefaultValue("10s") Duration shutdownTimeout,
        @DefaultValue AnomalyProperties anomaly,
        @DefaultValue WindowProperties window) {

    public AnalyticsProperties {
        if (consumerName == null || consumerName.isBlank()) {
            consumerName = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        if (batchCount < 1) {
            throw new IllegalArgumentException("sluice.analytics.batch-count must be at least 1");
        }
        if (reportWindow < 1) {
            throw new IllegalArgumentException("sluice.analytics.report-window must be at least 1");
        }
    }

    /** The shared consumer loop's settings for these properties. */
    public GroupSettings groupSettings(Duration discoveryInterval) {
        return new GroupSettings(group, consumerName, batchCount, block, maxInFlight, claimMinIdle, claimInterval, maxDeliveries,
                discoveryInterval, shutdownTimeout);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "analytics";
        }
    }
}
