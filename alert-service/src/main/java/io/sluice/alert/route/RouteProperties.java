package io.sluice.alert.route;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of alert routing (grouping, silences, inhibition), {@code sluice.alert.route.*}.
 *
 * @param flushInterval how often this instance looks for aggregation groups that are due; bounds
 *     how late a group's notification can be (a new alert also triggers a look at once)
 * @param flushBatch most groups flushed in one look
 * @param flushConcurrency groups flushed at once; each holds a pooled MySQL connection for its
 *     transaction, so keep it below {@code sluice.mysql.pool-size}
 * @param resolvedRetention how long a resolved alert is kept so groups can report it
 * @param purgeInterval how often resolved alerts older than the retention are deleted
 */
@ConfigurationProperties("sluice.alert.route")
public record RouteProperties(
        @DefaultValue("200ms") Duration flushInterval,
        @DefaultValue("200") int flushBatch,
        @DefaultValue("4") int flushConcurrency,
        @DefaultValue("1h") Duration resolvedRetention,
        @DefaultValue("1m") Duration purgeInterval) {

    public RouteProperties {
        if (flushBatch < 1) {
            throw new IllegalArgumentException("sluice.alert.route.flush-batch must be at least 1");
        }
        if (flushConcurrency < 1) {
            throw new IllegalArgumentException("sluice.alert.route.flush-concurrency must be at least 1");
        }
        if (flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("sluice.alert.route.flush-interval must be positive");
        }
    }
}
