package io.sluice.alert.channel;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of notification delivery ({@code sluice.alert.channel.*}). Kept apart from
 * {@code AlertProperties} so that channels can be configured (and merged) on their own.
 *
 * @param timeout bound of one delivery attempt (HTTP POST with its response, or each SMTP step)
 * @param maxAttempts attempts per notification, the first included, before it is recorded FAILED
 * @param backoff delay before the first retry; doubled for each further retry
 * @param maxBackoff the longest delay between two attempts
 * @param jitter fraction (0 to 1) of each delay that is randomised, so that many failed
 *     notifications do not retry in lock step
 * @param externalUrl this installation's console URL, sent as {@code externalURL} (may be empty)
 * @param redeliveryAfter how long a PENDING notification may show no progress (no attempt) before
 *     another instance takes it over; must exceed the longest pause between two attempts
 *     ({@code maxBackoff} plus twice {@code timeout})
 * @param redeliveryInterval how often each instance looks for such notifications
 */
@ConfigurationProperties("sluice.alert.channel")
public record ChannelProperties(
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("4") int maxAttempts,
        @DefaultValue("500ms") Duration backoff,
        @DefaultValue("30s") Duration maxBackoff,
        @DefaultValue("0.5") double jitter,
        @DefaultValue("") String externalUrl,
        @DefaultValue("5m") Duration redeliveryAfter,
        @DefaultValue("30s") Duration redeliveryInterval) {

    public ChannelProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("sluice.alert.channel.max-attempts must be at least 1");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("sluice.alert.channel.jitter must be between 0 and 1");
        }
        externalUrl = externalUrl == null ? "" : externalUrl;
        if (redeliveryAfter.compareTo(maxBackoff.plus(timeout).plus(timeout)) <= 0) {
            throw new IllegalArgumentException("sluice.alert.channel.redelivery-after must exceed max-backoff plus twice timeout");
        }
    }
}
