package io.sluice.alert;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of alert-service.
 *
 * @param enabled whether alert-service runs in this process
 * @param evaluationInterval how often every enabled rule is evaluated (besides right after new
 *     matches arrive), so that rules also resolve when their window empties
 * @param webhookTimeout how long one webhook POST may take, connection included
 * @param webhookRetries how many times a failed webhook POST is retried (exponential backoff)
 * @param webhookBackoff delay before the first retry; doubled for each further retry
 * @param seenTtl how long a reported findings batch id is remembered (so a redelivered report is
 *     ignored)
 * @param anomalyQuietPeriod how long an {@code anomaly} rule keeps firing without a new matching
 *     finding before it resolves (a rule's {@code windowSeconds} overrides it)
 */
@ConfigurationProperties("sluice.alert")
public record AlertProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("1s") Duration evaluationInterval,
        @DefaultValue("5s") Duration webhookTimeout,
        @DefaultValue("3") int webhookRetries,
        @DefaultValue("500ms") Duration webhookBackoff,
        @DefaultValue("24h") Duration seenTtl,
        @DefaultValue("5m") Duration anomalyQuietPeriod) {

    public AlertProperties {
        if (webhookRetries < 0) {
            throw new IllegalArgumentException("sluice.alert.webhook-retries must not be negative");
        }
        if (anomalyQuietPeriod.toMillis() < 1000) {
            throw new IllegalArgumentException("sluice.alert.anomaly-quiet-period must be at least 1s");
        }
    }
}
